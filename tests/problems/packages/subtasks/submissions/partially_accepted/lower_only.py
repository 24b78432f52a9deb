word = input()
print(word.upper() if word.islower() else word)
