:- module(helper, [add/3]).

add(X, Y, Z) :- Z is X + Y.
