// What a caught exception tells the user, for the catch blocks that turn a failure into a
// message (the window's simulation worker, the demo player, atlas and mesh loading): "out of
// memory" for std::bad_alloc, whose what() is only "std::bad_alloc"; the message of any other
// std::exception; a plain sentence for anything else. Never "unknown format".
#pragma once

#include <string>

namespace toxplan {

// Call only inside a catch block (it rethrows the exception being handled to look at it).
std::string current_exception_text();

}  // namespace toxplan
