// polyalign Python binding (module polyalign._core): what the register_*
// files share. The binding is a thin layer over the public C++ API
// (engine/include/polyalign/): it converts arguments and results, releases
// the GIL around the engine's work, and turns exceptions into Python ones.
// No algorithm lives here.
//
// Conventions:
//  - Python names are the C++ names (classes, fields, functions, enum
//    values); polyalign.segment() and polyalign.align() are the shorthands
//    the package adds for text in memory.
//  - Options structs are plain objects with the C++ fields as attributes;
//    vector fields read as tuples (so that `o.extensions.append(...)`, which
//    would change a copy, fails loudly) and are set from any sequence.
//  - Result arrays that can be large (beads, sentences, tuples, bundles...)
//    are list-like views bound with py::bind_vector: reading them copies
//    nothing.
//  - Every call into the engine copies its options while holding the GIL and
//    releases the GIL for the work, so many calls run in parallel threads.
#pragma once

#include <pybind11/functional.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl_bind.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/corpus.h"
#include "polyalign/segmenter.h"

// Bound as list-like views (py::bind_vector), not converted to lists.
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::Bead>)
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::Sentence>)
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::Tuple>)
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::Bundle>)
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::SegmentedDocument>)
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::UnmatchedDocument>)
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::SkippedFile>)
PYBIND11_MAKE_OPAQUE(std::vector<polyalign::PairCheck>)

namespace polyalign::python {

namespace py = pybind11;

void register_document(py::module_& m);
void register_language(py::module_& m);
void register_pipeline(py::module_& m);
void register_corpus(py::module_& m);
void register_job(py::module_& m);

// Python's repr() of a str (for __repr__ methods).
inline std::string repr(const std::string& s) { return py::repr(py::str(s)).cast<std::string>(); }

// A vector field read as a tuple and set from any sequence.
template <typename C, typename T>
void def_tuple_field(py::class_<C>& cls, const char* name, std::vector<T> C::*field,
                     const char* doc) {
  cls.def_property(
      name,
      [field](const C& c) {
        py::tuple out(static_cast<py::ssize_t>((c.*field).size()));
        for (std::size_t i = 0; i < (c.*field).size(); ++i)
          out[static_cast<py::ssize_t>(i)] = py::cast((c.*field)[i]);
        return out;
      },
      [field](C& c, std::vector<T> value) { c.*field = std::move(value); }, doc);
}

// A Python callable held by C++ code that may copy and drop it on threads
// without the GIL (the engine's progress callbacks): the GIL is taken to
// call it and to release it.
class Callback {
 public:
  explicit Callback(py::object f)
      : f_(new Holder{std::move(f)}, [](Holder* h) {
          py::gil_scoped_acquire gil;
          delete h;
        }) {}
  const py::object& object() const { return f_->object; }

  // Calls it. An Exception it raises is reported as unraisable (printed)
  // and the work goes on; KeyboardInterrupt and the other BaseExceptions
  // stop it: they are thrown through the engine, which rethrows them once
  // its threads are done (pipeline.h, corpus.h), and arrive in Python as
  // they were raised. Then the signal handlers run (in the main thread
  // only: elsewhere PyErr_CheckSignals() does nothing): Python runs them
  // when it gets the GIL back, which a call that released it delays until
  // the engine is done; the progress reports are the engine's points where
  // a Ctrl-C can stop it.
  template <typename... Args>
  void operator()(Args&&... args) const {
    py::gil_scoped_acquire gil;
    try {
      f_->object(std::forward<Args>(args)...);
    } catch (py::error_already_set& e) {
      if (!e.matches(PyExc_Exception)) throw;
      e.discard_as_unraisable("polyalign progress callback");
    }
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }

 private:
  struct Holder {
    py::object object;
  };
  std::shared_ptr<Holder> f_;
};

// A progress field (or another callback the engine calls and that must not
// throw: std::function) set from a Python callable or None and read back as
// that callable or None.
template <typename C, typename... Args>
void def_progress_field(py::class_<C>& cls, const char* name,
                        std::function<void(Args...)> C::*field, const char* doc) {
  cls.def_property(
      name,
      [field](const C& c) -> py::object {
        const auto& f = c.*field;
        if (!f) return py::none();
        if (const Callback* cb = f.template target<Callback>()) return cb->object();
        return py::none();  // set in C++: nothing to show
      },
      [field, name](C& c, py::object f) {
        if (f.is_none()) {
          c.*field = nullptr;
        } else {
          if (!PyCallable_Check(f.ptr()))
            throw py::type_error(std::string(name) + " must be callable or None");
          c.*field = Callback(std::move(f));
        }
      },
      doc);
}

}  // namespace polyalign::python
