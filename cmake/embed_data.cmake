# Turns a text file into a C++ source defining `std::string_view vnsearch::data::NAME`.
# Raw string literals keep the file readable in the generated source and cost nothing to build.
file(READ ${INPUT} content)
string(FIND "${content}" ")vnsdata\"" clash)
if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )vnsdata\"")
endif()
# GCC accepts long literals, but split into 60 KB pieces to stay friendly to other compilers.
string(LENGTH "${content}" len)
set(pieces "")
set(pos 0)
while(pos LESS len)
    string(SUBSTRING "${content}" ${pos} 60000 piece)
    string(APPEND pieces "R\"vnsdata(${piece})vnsdata\"\n")
    math(EXPR pos "${pos} + 60000")
endwhile()
if(pieces STREQUAL "")
    set(pieces "\"\"")
endif()
# The declaration comes from the one generated header (see vnsearch_embed_data in CMakeLists.txt).
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\n#include \"data/embedded.hpp\"\n"
    "namespace vnsearch::data {\n"
    "static const char ${NAME}_text[] =\n${pieces};\n"
    "const std::string_view ${NAME}(${NAME}_text, sizeof(${NAME}_text) - 1);\n}\n")
