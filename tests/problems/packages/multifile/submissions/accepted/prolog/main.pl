:- use_module(helper).

main :-
    read_line_to_string(user_input, Line),
    split_string(Line, " ", " ", [A, B]),
    number_string(X, A), number_string(Y, B),
    add(X, Y, Z),
    writeln(Z).
