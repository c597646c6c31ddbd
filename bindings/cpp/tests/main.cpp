// Runs every TEST registered by the other test files.
#include "check.hpp"

int main() { return check::run_all("b44sso C++ tests"); }
