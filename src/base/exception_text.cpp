#include "base/exception_text.h"

#include <exception>
#include <new>

namespace toxplan {

std::string current_exception_text() {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return "out of memory";
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an error that is not a standard exception";
  }
}

}  // namespace toxplan
