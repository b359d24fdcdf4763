// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.hpp"
namespace vnsearch::cli { void add_analyze_command(CLI::App&) {} }
