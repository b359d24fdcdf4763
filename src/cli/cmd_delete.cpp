// SPDX-License-Identifier: Apache-2.0
// `vnsearch delete --db DIR ID...`: removes documents by id in one commit. An id that is not in
// the index is reported on stderr; the exit code is still 0 (the document is gone either way).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include <vnsearch/index_writer.hpp>

#include "cli/commands.hpp"
#include "cli/index_path.hpp"

namespace vnsearch::cli {

namespace {

struct DeleteArgs {
    std::string db;
    std::vector<std::string> ids;
};

void run_delete(const DeleteArgs& args) {
    const std::string db = args.db.empty() ? default_index_path() : args.db;
    IndexWriter writer(db, OpenMode::open);
    std::size_t removed = 0;
    for (const std::string& id : args.ids) {
        if (writer.remove(id)) {
            ++removed;
        } else {
            fmt::print(stderr, "vnsearch: no document with id \"{}\"\n", id);
        }
    }
    writer.commit();
    fmt::print("deleted {} of {} document(s)\n", removed, args.ids.size());
}

}  // namespace

void add_delete_command(CLI::App& app) {
    auto args = std::make_shared<DeleteArgs>();
    auto* cmd = app.add_subcommand("delete", "Delete documents by id");
    cmd->add_option("--db", args->db, "Index folder (default: as for index)");
    cmd->add_option("ids", args->ids, "Document ids")->required();
    cmd->callback([args] { run_delete(*args); });
}

}  // namespace vnsearch::cli
