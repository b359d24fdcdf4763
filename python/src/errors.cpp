// SPDX-License-Identifier: Apache-2.0
// vnsearch::Error becomes the Python exception class of its code (vnsearch._errors): the one
// seam where library failures cross into Python.
#include <exception>

#include <pybind11/pybind11.h>
#include <vnsearch/error.hpp>

#include "bindings.hpp"

namespace py = pybind11;

namespace vnsearch::python {
namespace {

const char* code_name(Errc code) {
    switch (code) {
        case Errc::io:
            return "io";
        case Errc::invalid_input:
            return "invalid_input";
        case Errc::invalid_query:
            return "invalid_query";
        case Errc::index_not_found:
            return "index_not_found";
        case Errc::index_locked:
            return "index_locked";
        case Errc::index_corrupt:
            return "index_corrupt";
        case Errc::internal:
            return "internal";
        case Errc::shard_unavailable:
            return "shard_unavailable";
    }
    return "internal";
}

}  // namespace

void bind_errors(py::module_& m) {
    // Translators run with the GIL held (after any gil_scoped_release has ended).
    py::register_exception_translator([](std::exception_ptr thrown) {
        try {
            if (thrown) std::rethrow_exception(thrown);
        } catch (const Error& e) {
            const py::object exc = py::module_::import("vnsearch._errors")
                                       .attr("_from_library")(code_name(e.code()), e.what());
            PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
        }
    });
    // For the tests of the translation: raises the library's Error with this code.
    m.def(
        "_raise_library_error",
        [](int code, const std::string& message) { throw Error(static_cast<Errc>(code), message); },
        py::arg("code"), py::arg("message"));
}

}  // namespace vnsearch::python
