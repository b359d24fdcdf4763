// SPDX-License-Identifier: Apache-2.0
// Umbrella header: the whole public API of vnsearch.
#pragma once
#include <vnsearch/analyzer.hpp>
#include <vnsearch/document.hpp>
#include <vnsearch/encoding.hpp>
#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/reader.hpp>
#include <vnsearch/searcher.hpp>
#include <vnsearch/version.hpp>
