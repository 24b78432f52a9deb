#pragma once
const int RIGHT = 42, WRONG = 43;
