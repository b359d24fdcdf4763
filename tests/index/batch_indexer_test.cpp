// SPDX-License-Identifier: Apache-2.0
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>

#include "index/index_test_util.hpp"

using namespace vnsearch;
using vnsearch::test::generated_corpus;
using vnsearch::test::indexed_ids;
using vnsearch::test::json_line;
using vnsearch::test::TempDir;
using vnsearch::test::write_file;

namespace {

IndexReport run(const std::string& db, std::vector<std::string> inputs,
                void (*tweak)(IndexOptions&) = nullptr) {
    IndexOptions o;
    o.db_path = db;
    o.inputs = std::move(inputs);
    o.threads = 2;
    if (tweak) tweak(o);
    return index_documents(o);
}

const std::string source_dir = VNSEARCH_SOURCE_DIR;

}  // namespace

TEST_CASE("index_documents: JSON lines, plain text in the seed layout and folders") {
    TempDir dir;
    const IndexReport r = run(dir / "db", {source_dir + "/tests/data/small.jsonl",
                                           source_dir + "/tests/data/seed_layout.txt"});
    CHECK(r.errors == 0);
    CHECK(r.skipped == 0);
    const std::set<std::string> ids = indexed_ids(dir / "db");
    CHECK(r.added == ids.size());
    CHECK(ids.count("t1") == 1);
    CHECK(ids.count("seed_layout.txt") == 1);
    Xapian::Database db(dir / "db");
    CHECK(db.term_exists("Y2020"));  // the seed article's date line
}

TEST_CASE("index_documents: a rerun skips unchanged documents and replaces changed ones") {
    TempDir dir;
    write_file(dir / "in/a.jsonl", json_line("1", "Hà Nội", "Phố cổ") +
                                       json_line("2", "Huế", "Cố đô") +
                                       json_line("3", "Đà Nẵng", "Biển"));
    IndexReport first = run(dir / "db", {dir / "in"});
    CHECK(first.added == 3);
    IndexReport again = run(dir / "db", {dir / "in"});
    CHECK(again.added == 0);
    CHECK(again.updated == 0);
    CHECK(again.unchanged == 3);
    std::filesystem::rename(dir / "in", dir / "moved");  // the origin changes, not the content
    IndexReport moved = run(dir / "db", {dir / "moved"});
    CHECK(moved.unchanged == 3);
    std::filesystem::rename(dir / "moved", dir / "in");
    write_file(dir / "in/a.jsonl", json_line("1", "Hà Nội", "Phố cổ") +
                                       json_line("2", "Huế", "Cố đô và sông Hương") +
                                       json_line("4", "Cần Thơ", "Chợ nổi"));
    IndexReport changed = run(dir / "db", {dir / "in"});
    CHECK(changed.unchanged == 1);
    CHECK(changed.updated == 1);
    CHECK(changed.added == 1);
    CHECK(changed.deleted == 0);  // no --prune: "3" stays
    CHECK(indexed_ids(dir / "db") == std::set<std::string>{"1", "2", "3", "4"});
    Xapian::Database db(dir / "db");
    CHECK(db.term_exists("hương"));

    SUBCASE("prune deletes what the inputs no longer have") {
        IndexReport pruned = run(dir / "db", {dir / "in"}, [](IndexOptions& o) { o.prune = true; });
        CHECK(pruned.deleted == 1);
        CHECK(indexed_ids(dir / "db") == std::set<std::string>{"1", "2", "4"});
    }
    SUBCASE("prune waits for a run where nothing was skipped") {
        // Record "4" is broken in this run: its document may still exist, so nothing is pruned.
        write_file(dir / "in/a.jsonl", json_line("1", "Hà Nội", "Phố cổ") +
                                           json_line("2", "Huế", "Cố đô và sông Hương") +
                                           "{\"id\":\"4\",\"title\":\"Cần Thơ\"\n");
        IndexReport held = run(dir / "db", {dir / "in"}, [](IndexOptions& o) { o.prune = true; });
        CHECK(held.skipped == 1);
        CHECK(held.deleted == 0);
        CHECK(held.issues.back().message.find("nothing pruned") != std::string::npos);
        CHECK(indexed_ids(dir / "db") == std::set<std::string>{"1", "2", "3", "4"});
    }
}

TEST_CASE("index_documents: a duplicated id is reported and the last copy wins") {
    TempDir dir;
    write_file(dir / "d.jsonl", json_line("x", "Bản đầu", "một") + json_line("y", "Khác", "hai") +
                                    json_line("x", "Bản cuối", "ba"));
    const IndexReport r = run(dir / "db", {dir / "d.jsonl"});
    CHECK(r.duplicates == 1);
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].message.find("duplicate id \"x\"") != std::string::npos);
    CHECK(r.issues[0].file == dir / "d.jsonl");
    CHECK(r.issues[0].line == 3);  // the line of the copy that wins
    Xapian::Database db(dir / "db");
    CHECK(db.get_doccount() == 2);
    CHECK(db.term_exists("cuối"));
    CHECK_FALSE(db.term_exists("đầu"));

    SUBCASE("last wins even when the last copy equals what is stored") {
        write_file(dir / "e.jsonl",
                   json_line("x", "Bản giữa", "bốn") + json_line("x", "Bản cuối", "ba"));
        const IndexReport again = run(dir / "db", {dir / "e.jsonl"});
        CHECK(again.duplicates == 1);
        Xapian::Database db2(dir / "db");
        CHECK(db2.term_exists("cuối"));
        CHECK_FALSE(db2.term_exists("giữa"));
    }
}

TEST_CASE("index_documents: segments fold in by merge or by copy, the last copy of an id wins") {
    TempDir dir;
    // Tiny segments: the two copies of "x" land in different segments of the same writer.
    std::string lines = json_line("x", "Bản đầu", "một");
    for (int i = 0; i < 12; ++i)
        lines += json_line(std::string("d").append(std::to_string(i)), "Tin", "chữ");
    lines += json_line("x", "Bản cuối", "ba");
    write_file(dir / "d.jsonl", lines);
    const auto tiny = [](IndexOptions& o) {
        o.segment_size = 2;
        o.batch_size = 1;
    };
    const auto check = [&](const IndexReport& r) {
        CHECK(r.duplicates == 1);
        CHECK(indexed_ids(dir / "db").size() == 13);  // throws if an id is there twice
        Xapian::Database db(dir / "db");
        CHECK(db.term_exists("cuối"));
        CHECK_FALSE(db.term_exists("đầu"));
        CHECK_FALSE(std::filesystem::exists(dir / "db.segments"));
        CHECK(index_stats(dir / "db").pending == 0);
    };
    SUBCASE("merged: the index is rewritten with the segments appended") {
        const IndexReport r = run(dir / "db", {dir / "d.jsonl"}, tiny);
        CHECK(r.compacted);
        check(r);
    }
    SUBCASE("copied in place (compaction off)") {
        const IndexReport r = run(dir / "db", {dir / "d.jsonl"}, [](IndexOptions& o) {
            o.segment_size = 2;
            o.batch_size = 1;
            o.compact = false;
        });
        CHECK_FALSE(r.compacted);
        check(r);
    }
}

TEST_CASE("index_documents: a small change is copied in place, a large one merged") {
    TempDir dir;
    const auto corpus = [](int changed) {
        std::string s;
        for (int i = 0; i < 300; ++i) {
            s += json_line(std::string("n").append(std::to_string(i)),
                           std::string("Tin ").append(std::to_string(i)),
                           i < changed ? "bản sửa về thủy điện" : "bản gốc");
        }
        return s;
    };
    write_file(dir / "c.jsonl", corpus(0));
    CHECK(run(dir / "db", {dir / "c.jsonl"}).added == 300);
    write_file(dir / "c.jsonl", corpus(2));  // under 1 %: copied into the index
    const IndexReport small = run(dir / "db", {dir / "c.jsonl"});
    CHECK(small.updated == 2);
    CHECK_FALSE(small.compacted);
    CHECK(Xapian::Database(dir / "db").get_termfreq("thuỷ") == 2);
    write_file(dir / "c.jsonl", corpus(30));  // 9 %: merged
    const IndexReport large = run(dir / "db", {dir / "c.jsonl"});
    CHECK(large.updated == 28);
    CHECK(large.compacted);
    CHECK(Xapian::Database(dir / "db").get_termfreq("thuỷ") == 30);
    CHECK(indexed_ids(dir / "db").size() == 300);
    // The synonym table follows both ways of folding in: an unaccented key finds the spelling.
    Xapian::Database db(dir / "db");
    CHECK(db.synonyms_begin("thuy") != db.synonyms_end("thuy"));
}

TEST_CASE("index_documents: an unreadable segment left behind is reported and discarded") {
    TempDir dir;
    write_file(dir / "a.jsonl", json_line("a", "Một", "một") + json_line("b", "Hai", "hai"));
    std::filesystem::create_directories(dir / "db.segments/w00-000000");
    write_file(dir / "db.segments/w00-000000/iamglass", "not a database");
    const IndexReport r = run(dir / "db", {dir / "a.jsonl"});
    CHECK(r.added == 2);
    REQUIRE_FALSE(r.issues.empty());
    CHECK(r.issues[0].message.find("discarded") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "db.segments"));
    CHECK(indexed_ids(dir / "db") == std::set<std::string>{"a", "b"});
}

TEST_CASE("index_documents: bad inputs are reported with file and line, counted and skipped") {
    TempDir dir;
    const std::string bad = source_dir + "/tests/data/bad";
    const IndexReport r = run(dir / "db", {bad, dir / "does-not-exist"});
    CHECK(r.errors == 1);   // the missing input
    CHECK(r.skipped >= 3);  // binary, empty, malformed line, missing id
    bool line_named = false;
    for (const ReadIssue& i : r.issues) {
        CAPTURE(i.message);
        CHECK(!i.file.empty());
        if (i.file.ends_with("malformed.jsonl") && i.line > 0) line_named = true;
    }
    CHECK(line_named);
    CHECK(Xapian::Database(dir / "db").get_doccount() >= 1);  // the good records

    SUBCASE("each issue also reaches on_issue as it is found, in report order") {
        IndexOptions o;
        o.db_path = dir / "db2";
        o.inputs = {bad, dir / "does-not-exist"};
        std::vector<std::string> seen;
        o.on_issue = [&](const ReadIssue& i) { seen.push_back(i.file + ": " + i.message); };
        const IndexReport again = index_documents(o);
        REQUIRE(seen.size() == again.issues.size());
        for (std::size_t k = 0; k < seen.size(); ++k) {
            CHECK(seen[k] == again.issues[k].file + ": " + again.issues[k].message);
        }
    }
}

TEST_CASE("index_documents: records are counted by the issue's kind, not by its message") {
    TempDir dir;
    // nlohmann quotes the string it stopped in ("last read: '\"repaired\\q'"), so the message of
    // this skip contains "repaired".
    write_file(dir / "in/a.jsonl", json_line("1", "Hà Nội", "Phố cổ") +
                                       "{\"id\": \"3\", \"title\": \"repaired\\q\"}\n" +
                                       "{\"id\": \"2\", \"title\": \"H\xC3\xA0 N\xFFi\"}\n" +
                                       json_line("1", "Hà Nội", "Phố cổ"));
    const IndexReport r = run(dir / "db", {dir / "in"});
    std::vector<IssueKind> kinds;
    for (const ReadIssue& i : r.issues) kinds.push_back(i.kind);
    CHECK(kinds ==
          std::vector<IssueKind>{IssueKind::skipped, IssueKind::repaired, IssueKind::duplicate});
    REQUIRE(r.issues.size() == 3);
    CHECK(r.issues[0].message.find("repaired") != std::string::npos);
    CHECK(r.skipped == 1);  // the repaired record and the duplicate are indexed, not skipped
    CHECK(r.duplicates == 1);
    CHECK(indexed_ids(dir / "db") == std::set<std::string>{"1", "2"});

    const IndexReport missing = run(dir / "db2", {dir / "does-not-exist"});
    REQUIRE(missing.issues.size() == 1);
    CHECK(missing.issues[0].kind == IssueKind::notice);
    CHECK(missing.errors == 1);
    CHECK(missing.skipped == 0);
}

TEST_CASE("index_documents: rebuild switches a fresh index into place; readers never fail") {
    TempDir dir;
    write_file(dir / "a.jsonl", json_line("old", "Cũ", "cũ"));
    run(dir / "db", {dir / "a.jsonl"});
    Xapian::Database before(dir / "db");  // a reader holding the old index open
    write_file(dir / "b.jsonl", json_line("new", "Mới", "mới"));
    const IndexReport r =
        run(dir / "db", {dir / "b.jsonl"}, [](IndexOptions& o) { o.rebuild = true; });
    CHECK(r.added == 1);
    CHECK(indexed_ids(dir / "db") == std::set<std::string>{"new"});
    CHECK_FALSE(std::filesystem::exists(dir / "db.rebuild"));
    CHECK_FALSE(std::filesystem::exists(dir / "db.compact"));
    // A reader that had the old index open keeps reading its snapshot without an error (its
    // files stay open after the switch); opening the path again gives the new index.
    CHECK(before.get_doccount() == 1);
    CHECK(before.term_exists("Qold"));
    CHECK_NOTHROW(before.reopen());
    CHECK(Xapian::Database(dir / "db").term_exists("Qnew"));
}

TEST_CASE("index_documents: readers keep working while a batch writes (reopen on modified)") {
    TempDir dir;
    write_file(dir / "c.jsonl", generated_corpus(3000, 60));
    run(dir / "db", {dir / "c.jsonl"}, [](IndexOptions& o) {
        o.batch_size = 1;
        o.compact = false;
    });
    // An empty index exists now; reread the corpus under new ids while a reader searches.
    write_file(dir / "c2.jsonl", [] {
        std::string s = generated_corpus(3000, 60);
        for (std::size_t p = 0; (p = s.find("\"id\":\"g", p)) != std::string::npos; p += 7) {
            s.replace(p, 7, "\"id\":\"h");
        }
        return s;
    }());
    std::atomic<bool> done{false};
    std::atomic<int> reopened{0}, searches{0}, failures{0};
    std::thread reader([&] {
        Xapian::Database db(dir / "db");
        while (!done) {
            try {
                Xapian::Enquire enquire(db);
                enquire.set_query(Xapian::Query("hà"));
                const Xapian::MSet m = enquire.get_mset(0, 10);
                for (auto it = m.begin(); it != m.end(); ++it) (void)it.get_document().get_data();
                ++searches;
            } catch (const Xapian::DatabaseModifiedError&) {
                ++reopened;
                db.reopen();
            } catch (const Xapian::Error& e) {
                ++failures;
                MESSAGE(e.get_description());
            }
        }
    });
    run(dir / "db", {dir / "c2.jsonl"}, [](IndexOptions& o) { o.batch_size = 10; });
    done = true;
    reader.join();
    CAPTURE(reopened.load());
    CHECK(failures == 0);
    CHECK(searches > 0);
    CHECK(indexed_ids(dir / "db").size() == 6000);
}

TEST_CASE("index_documents: kill -9 mid-batch, rerun: every document once, none re-analysed") {
    TempDir dir;
    constexpr std::size_t total = 20000;
    write_file(dir / "big.jsonl", generated_corpus(total, 80));
    const std::string db_path = dir / "db";

    // Kill without warning once some batches are committed. The run writes into segments,
    // which index_stats() counts as pending until they are folded in.
    IndexOptions o;
    o.db_path = db_path;
    o.inputs = {dir / "big.jsonl"};
    o.batch_size = 50;
    o.threads = 1;
    const std::size_t at_kill = test::index_then_kill(o, 500);
    CAPTURE(at_kill);
    CHECK(index_stats(db_path).pending == at_kill);  // nothing reached the index yet
    CHECK(at_kill >= 500);
    CHECK(at_kill < total);
    CHECK(at_kill % 50 == 0);  // whole batches only

    const IndexReport r = run(db_path, {dir / "big.jsonl"});
    CHECK(r.unchanged == at_kill);  // committed documents were not analysed again
    CHECK(r.added == total - at_kill);
    CHECK(indexed_ids(db_path).size() == total);  // throws if any id is there twice
    CHECK(Xapian::Database(db_path).get_doccount() == total);
    CHECK(index_stats(db_path).pending == 0);
    CHECK_FALSE(std::filesystem::exists(db_path + ".segments"));
}
