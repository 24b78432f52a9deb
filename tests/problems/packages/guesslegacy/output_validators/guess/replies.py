LIMIT = 40


def reply(guess, hidden):
    return "=" if guess == hidden else "<" if guess < hidden else ">"
