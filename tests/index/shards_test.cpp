// SPDX-License-Identifier: Apache-2.0
// The write side of sharded indexes: the layout on disk, routing by shard_of, the fixed count,
// rebuilds between layouts, cluster parts (--shard K/N), a kill -9 mid-batch, stats per shard.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>

#include "index/index_test_util.hpp"
#include "index/shard_layout.hpp"
#include "index/term_scheme.hpp"
#include "store/shard_set.hpp"

using namespace vnsearch;
using vnsearch::test::generated_corpus;
using vnsearch::test::indexed_ids;
using vnsearch::test::json_line;
using vnsearch::test::TempDir;
using vnsearch::test::write_file;

namespace fs = std::filesystem;

namespace {

struct Run {
    unsigned shards = 0;
    unsigned shard_index = 0;
    unsigned shard_count = 0;
    bool prune = false;
    bool rebuild = false;
    unsigned threads = 2;
};

IndexReport run(const std::string& db, const std::vector<std::string>& inputs, Run r = {}) {
    IndexOptions o;
    o.db_path = db;
    o.inputs = inputs;
    o.threads = r.threads;
    o.shards = r.shards;
    o.shard_index = r.shard_index;
    o.shard_count = r.shard_count;
    o.prune = r.prune;
    o.rebuild = r.rebuild;
    return index_documents(o);
}

std::string shard_path(const std::string& db, std::uint32_t k) {
    return (fs::path(db) / store::shard_folder_name(k)).string();
}

// Every shard's ids; fails if an id is in the wrong shard or in two.
std::vector<std::set<std::string>> ids_by_shard(const std::string& db, std::uint32_t n) {
    std::vector<std::set<std::string>> out;
    for (std::uint32_t k = 0; k < n; ++k) {
        out.push_back(indexed_ids(shard_path(db, k)));
        for (const std::string& id : out.back()) {
            CAPTURE(id);
            CHECK(store::shard_of(id, n) == k);
        }
    }
    return out;
}

std::string corpus(std::size_t count) { return generated_corpus(count, 20); }

Document doc(std::string id, std::string title, std::string body) {
    Document d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.body = std::move(body);
    return d;
}

}  // namespace

TEST_CASE("shards: --shards 3 writes a XAPIANDB stub and 3 shards, each id in its own shard") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(300));
    const std::string db = dir / "db";
    const IndexReport r = run(db, {dir / "in.jsonl"}, {.shards = 3});
    CHECK(r.added == 300);
    CHECK(fs::is_regular_file(fs::path(db) / "XAPIANDB"));
    for (std::uint32_t k = 0; k < 3; ++k)
        CHECK(fs::exists(fs::path(shard_path(db, k)) / "iamglass"));
    CHECK_FALSE(fs::exists(fs::path(db) / "iamglass"));
    CHECK(Xapian::Database(db).get_doccount() == 300);  // stock Xapian opens the folder
    CHECK(indexed_ids(db).size() == 300);               // no id twice across shards
    const auto by_shard = ids_by_shard(db, 3);
    for (const auto& ids : by_shard) CHECK(ids.size() > 50);  // FNV-1a spreads them
    CHECK(Xapian::Database(shard_path(db, 1)).get_metadata(std::string(index::shard_key)) == "1/3");

    const IndexReport again = run(db, {dir / "in.jsonl"});
    CHECK(again.unchanged == 300);
    CHECK(again.added + again.updated + again.deleted == 0);
    CHECK(ids_by_shard(db, 3) == by_shard);
}

TEST_CASE("shards: the count is fixed; another --shards fails, --rebuild changes it") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(120));
    const std::string db = dir / "db";
    (void)run(db, {dir / "in.jsonl"}, {.shards = 3});
    try {
        (void)run(db, {dir / "in.jsonl"}, {.shards = 2});
        FAIL("expected invalid_input");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_input);
        CHECK(std::string(e.what()).find("has 3 shards") != std::string::npos);
        CHECK(std::string(e.what()).find("--rebuild --shards 2") != std::string::npos);
    }
    CHECK(run(db, {dir / "in.jsonl"}, {.shards = 3}).unchanged == 120);  // the same count is fine

    SUBCASE("sharded to plain and back") {
        Xapian::Database before(db);  // a reader opened before the switch keeps working
        (void)run(db, {dir / "in.jsonl"}, {.shards = 1, .rebuild = true});
        CHECK(fs::exists(fs::path(db) / "iamglass"));
        CHECK_FALSE(fs::exists(fs::path(db) / "XAPIANDB"));
        CHECK_FALSE(fs::exists(db + ".rebuild"));
        CHECK(indexed_ids(db).size() == 120);
        CHECK(before.get_doccount() == 120);
        try {
            (void)run(db, {dir / "in.jsonl"}, {.shards = 2});
            FAIL("expected invalid_input");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::invalid_input);
        }
        (void)run(db, {dir / "in.jsonl"}, {.shards = 2, .rebuild = true});
        CHECK(fs::is_regular_file(fs::path(db) / "XAPIANDB"));
        CHECK(Xapian::Database(db).get_doccount() == 120);
        (void)ids_by_shard(db, 2);
    }
    SUBCASE("a rebuild without --shards keeps the count") {
        (void)run(db, {dir / "in.jsonl"}, {.rebuild = true});
        CHECK(store::locate_index(db).declared_shards == 3);
        CHECK(indexed_ids(db).size() == 120);
    }
}

TEST_CASE("shards: updates, prune, IndexWriter and delete_documents route by shard_of") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(90));
    const std::string db = dir / "db";
    (void)run(db, {dir / "in.jsonl"}, {.shards = 3});

    // g5 changes, g6 is gone: the rerun with prune finds both in their shards.
    std::string changed;
    {
        std::ifstream in(dir / "in.jsonl");
        std::string line;
        while (std::getline(in, line)) {
            if (line.find("\"g6\"") != std::string::npos) continue;
            if (line.find("\"g5\"") != std::string::npos) {
                changed += json_line("g5", "Đổi mới", "Nội dung mới hoàn toàn");
                continue;
            }
            changed += line + "\n";
        }
    }
    write_file(dir / "in2.jsonl", changed);
    const IndexReport r = run(db, {dir / "in2.jsonl"}, {.prune = true});
    CHECK(r.updated == 1);
    CHECK(r.deleted == 1);
    CHECK(r.unchanged == 88);
    const auto ids = indexed_ids(db);
    CHECK(ids.size() == 89);
    CHECK(ids.count("g6") == 0);
    (void)ids_by_shard(db, 3);
    CHECK(Xapian::Database(shard_path(db, store::shard_of("g5", 3))).term_exists("Qg5"));

    {
        IndexWriter writer(db);
        CHECK(writer.doc_count() == 89);
        CHECK(writer.contains("g5"));
        CHECK(writer.add(doc("new-1", "Hà Nội", "Phố cổ")) == WriteOutcome::added);
        CHECK(writer.add(doc("new-1", "Hà Nội", "Phố cổ")) == WriteOutcome::unchanged);
        CHECK(writer.remove("g7"));
        CHECK_FALSE(writer.remove("g7"));
        CHECK(writer.contains("new-1"));
        CHECK(writer.doc_count() == 89);
        writer.commit();
    }
    CHECK(Xapian::Database(shard_path(db, store::shard_of("new-1", 3))).term_exists("Qnew-1"));
    CHECK(delete_documents(db, {"g8", "new-1", "nothere"}) == 2);
    CHECK(indexed_ids(db).size() == 87);
    (void)ids_by_shard(db, 3);
}

TEST_CASE("shards: --shard K/N for K = 0..2 hold exactly the shards of one --shards 3 run") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(200));
    const std::string whole = dir / "whole";
    (void)run(whole, {dir / "in.jsonl"}, {.shards = 3});
    std::uint64_t others = 0;
    for (unsigned k = 0; k < 3; ++k) {
        const std::string part = dir / ("part" + std::to_string(k));
        const IndexReport r = run(part, {dir / "in.jsonl"}, {.shard_index = k, .shard_count = 3});
        CHECK(r.issues.empty());
        others += r.other_shards;
        CHECK(r.added + r.other_shards == 200);
        CHECK(fs::exists(fs::path(part) / "iamglass"));  // one plain database
        CHECK(indexed_ids(part) == indexed_ids(shard_path(whole, k)));
        CHECK(Xapian::Database(part).get_metadata(std::string(index::shard_key)) ==
              std::to_string(k) + "/3");
    }
    CHECK(others == 400);

    const std::string part0 = dir / "part0";
    SUBCASE("another part later fails") {
        CHECK_THROWS_AS(run(part0, {dir / "in.jsonl"}, {.shard_index = 1, .shard_count = 3}),
                        Error);
        CHECK_THROWS_AS(run(part0, {dir / "in.jsonl"}, {.shard_index = 0, .shard_count = 2}),
                        Error);
        CHECK_THROWS_AS(run(part0, {dir / "in.jsonl"}, {.shards = 2}), Error);
        // A database holding a whole index does not become a part.
        (void)run(dir / "plain", {dir / "in.jsonl"}, {.shards = 1});
        CHECK_THROWS_AS(
            run(dir / "plain", {dir / "in.jsonl"}, {.shard_index = 0, .shard_count = 3}), Error);
        CHECK(indexed_ids(dir / "plain").size() == 200);
    }
    SUBCASE("prune and delete touch only the part's own documents") {
        write_file(dir / "few.jsonl", corpus(30));  // g0..g29: everything else is gone
        const IndexReport r = run(part0, {dir / "few.jsonl"}, {.prune = true});  // part kept
        std::set<std::string> expected;
        for (int i = 0; i < 30; ++i) {
            const std::string id = "g" + std::to_string(i);
            if (store::shard_of(id, 3) == 0) expected.insert(id);
        }
        CHECK(indexed_ids(part0) == expected);
        CHECK(r.deleted == indexed_ids(shard_path(whole, 0)).size() - expected.size());
        CHECK(r.other_shards == 30 - expected.size());
        // IndexWriter refuses a document of another part; delete of one finds nothing.
        std::string foreign = "x0";
        for (int i = 0; store::shard_of(foreign, 3) == 0; ++i) foreign = "x" + std::to_string(i);
        IndexWriter writer(part0);
        CHECK_THROWS_AS(writer.add(doc(foreign, "a", "b")), Error);
        CHECK_FALSE(writer.remove(foreign));
    }
}

TEST_CASE("shards: an IndexWriter on a stub with a remote shard fails with invalid_input") {
    TempDir dir;
    write_file(dir / "front.stub", "remote 127.0.0.1:1\n");
    try {
        IndexWriter writer(dir / "front.stub");
        FAIL("expected invalid_input");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_input);
    }
    fs::create_directories(dir / "mixed/shard-000");
    write_file(dir / "mixed/XAPIANDB",
               "# vnsearch shards 2\nglass shard-000\nremote 127.0.0.1:1\n");
    try {
        IndexWriter writer(dir / "mixed");
        FAIL("expected invalid_input");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_input);
        CHECK(std::string(e.what()).find("remote shard \"127.0.0.1:1\"") != std::string::npos);
    }
}

TEST_CASE("shards: index_stats lists every shard, a stub's remote shards as listed") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(60));
    const std::string db = dir / "db";
    (void)run(db, {dir / "in.jsonl"}, {.shards = 2});
    const IndexStats s = index_stats(db);
    REQUIRE(s.shards.size() == 2);
    CHECK(s.documents == 60);
    CHECK(s.shards[0].documents + s.shards[1].documents == 60);
    CHECK(s.shards[0].path == fs::canonical(shard_path(db, 0)).string());
    CHECK(s.shards[1].size_bytes > 0);
    CHECK(s.size_bytes == s.shards[0].size_bytes + s.shards[1].size_bytes);
    CHECK(s.terms > 0);
    CHECK(index_stats(shard_path(db, 0)).shards.size() == 1);

    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    write_file(dir / "front.stub", "auto db/shard-000\nremote 127.0.0.1:1\n");
    const IndexStats front = index_stats(dir / "front.stub");
    REQUIRE(front.shards.size() == 2);
    CHECK(front.shards[0].documents == s.shards[0].documents);
    CHECK(front.shards[1].remote == "127.0.0.1:1");
    CHECK_FALSE(front.shards[1].reachable);
    CHECK(front.documents == s.shards[0].documents);
}

TEST_CASE("shards: kill -9 mid-batch, rerun: every document once, in its shard") {
    TempDir dir;
    constexpr std::size_t total = 12000;
    write_file(dir / "big.jsonl", generated_corpus(total, 80));
    const std::string db = dir / "db";

    IndexOptions o;
    o.db_path = db;
    o.inputs = {dir / "big.jsonl"};
    o.batch_size = 50;
    o.threads = 2;
    o.shards = 3;
    const std::size_t at_kill = test::index_then_kill(o, 500);
    CAPTURE(at_kill);
    CHECK(at_kill >= 500);
    CHECK(at_kill < total);
    CHECK(at_kill % 50 == 0);  // whole batches only

    const IndexReport r = run(db, {dir / "big.jsonl"});  // no --shards: the count is kept
    CHECK(r.unchanged == at_kill);  // committed documents were not analysed again
    CHECK(r.added == total - at_kill);
    CHECK(indexed_ids(db).size() == total);  // throws if any id is there twice
    (void)ids_by_shard(db, 3);
    CHECK(Xapian::Database(db).get_doccount() == total);
    CHECK(index_stats(db).pending == 0);
    for (std::uint32_t k = 0; k < 3; ++k) CHECK_FALSE(fs::exists(shard_path(db, k) + ".segments"));
}

TEST_CASE("shards: a rebuild's switch waits for no writer: a writer on any live shard fails it") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(60));
    const std::string db = dir / "db";
    (void)run(db, {dir / "in.jsonl"}, {.shards = 3});
    {
        // Another process's writer on shard 2 alone (a shard is a database anyone may open).
        Xapian::WritableDatabase holder(shard_path(db, 2), Xapian::DB_OPEN);
        try {
            (void)run(db, {dir / "in.jsonl"}, {.shards = 2, .rebuild = true});
            FAIL("expected index_locked");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::index_locked);
        }
        CHECK(store::locate_index(db).declared_shards == 3);  // the live index was kept
    }
    (void)run(db, {dir / "in.jsonl"}, {.shards = 2, .rebuild = true});  // resumes, then switches
    CHECK(store::locate_index(db).declared_shards == 2);
    CHECK(indexed_ids(db).size() == 60);
}

TEST_CASE("shards: a new index's default count: one below 256 MB of input, else one per core") {
    CHECK(index::default_shard_count(0, 8) == 1);  // standard input: size unknown
    CHECK(index::default_shard_count(index::shard_input_bytes - 1, 8) == 1);
    CHECK(index::default_shard_count(index::shard_input_bytes, 2) == 2);
    CHECK(index::default_shard_count(index::shard_input_bytes, 64) == 8);
    CHECK(index::default_shard_count(index::shard_input_bytes, 0) == 1);  // cores unknown
}

TEST_CASE("shards: K/N parts parse strictly") {
    CHECK(index::parse_shard_part("2/3") == index::ShardPart{2, 3});
    CHECK(index::parse_shard_part("0/1") == index::ShardPart{0, 1});
    for (const char* bad : {"3/3", "1/0", "/3", "1/", "a/3", "1/3x", "-1/3", "13"}) {
        CAPTURE(bad);
        CHECK_FALSE(index::parse_shard_part(bad));
    }
}

TEST_CASE("shards: more writer threads than shards, and more shards than writer threads") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(400));
    for (const auto& [threads, shards] : {std::pair{4u, 2u}, std::pair{1u, 5u}}) {
        CAPTURE(threads);
        const std::string db = dir / ("db" + std::to_string(threads));
        const IndexReport r = run(db, {dir / "in.jsonl"}, {.shards = shards, .threads = threads});
        CHECK(r.added == 400);
        CHECK(indexed_ids(db).size() == 400);
        (void)ids_by_shard(db, shards);
        CHECK(run(db, {dir / "in.jsonl"}, {.threads = threads}).unchanged == 400);
    }
}

TEST_CASE("shards: a folder whose creation was cut short before its stub is completed") {
    TempDir dir;
    write_file(dir / "in.jsonl", corpus(50));
    const std::string db = dir / "db";
    // What a kill between creating the shards and writing the stub leaves.
    fs::create_directories(db);
    { Xapian::WritableDatabase(shard_path(db, 0), Xapian::DB_CREATE); }
    CHECK_FALSE(fs::exists(fs::path(db) / "XAPIANDB"));
    const IndexReport r = run(db, {dir / "in.jsonl"}, {.shards = 2});
    CHECK(r.added == 50);
    CHECK(store::locate_index(db).declared_shards == 2);
    CHECK_FALSE(fs::exists(fs::path(db) / "iamglass"));
    (void)ids_by_shard(db, 2);
}
