// polyalign._core: the module, and the one place where C++ exceptions
// become Python ones (see bind.h for the binding's conventions).
#include <stdexcept>

#include "bind.h"
#include "polyalign/common.h"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "polyalign's C++ engine (engine/include/polyalign/). Use the package polyalign, which "
      "re-exports it.";
  m.attr("__version__") = std::string(polyalign::kVersion);

  // The engine's error contract (common.h): std::invalid_argument for bad
  // input and options -> ValueError; std::runtime_error for I/O and ICU
  // failures (files, directories, ICU data) -> OSError. Same messages.
  // pybind11's own exceptions (IndexError, StopIteration, TypeError...)
  // derive from std::runtime_error too and keep their own translation.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const py::builtin_exception&) {
      throw;
    } catch (const std::invalid_argument& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const std::runtime_error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });

  polyalign::python::register_document(m);
  polyalign::python::register_language(m);
  polyalign::python::register_pipeline(m);
  polyalign::python::register_corpus(m);
  polyalign::python::register_job(m);
}
