// SPDX-License-Identifier: Apache-2.0
// An index's own word list and synonym groups (index/user_lists.hpp, docs/user-lists.md): the
// files are checked line by line, the lists are stored in the index (every shard, a cluster's
// part too) and used by every searcher of it, remote shards included, and a changed word list
// reports the documents that need analysing again, which --reindex-changed analyses.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

#include "index/term_scheme.hpp"
#include "index/user_lists.hpp"
#include "store/shard_set.hpp"
#include "support/tcp_server_process.hpp"
#include "support/temp_dir.hpp"

using namespace vnsearch;

namespace {

Document article(std::string id, std::string title, std::string body) {
    Document d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.body = std::move(body);
    return d;
}

// Articles that say the same things in different words, and fillers so that no term is in
// half of the documents.
std::vector<Document> articles() {
    std::vector<Document> docs{
        article("xe-may", "Xe máy điện Vin Phát ra mắt",
                "Hãng Vin Phát giới thiệu mẫu xe máy điện mới tại Hà Nội."),
        article("mo-to", "Giá mô tô phân khối lớn tăng",
                "Thị trường mô tô trong nước sôi động vào cuối năm."),
        article("iphone", "Điện thoại iPhone mới bán chạy",
                "Người dùng xếp hàng mua iPhone ở trung tâm thương mại."),
        article("ai-phon", "Cửa hàng bán ai phôn cũ", "Nhiều người tìm mua ai phôn giá rẻ ở chợ."),
        article("apart", "Chuyện làng quê", "Anh Vin đi chợ. Phát hiện con cá lạ dưới sông."),
    };
    const char* fillers[] = {"Mùa lúa chín vàng trên cánh đồng", "Học sinh đến trường ngày đầu",
                             "Bão lớn đổ bộ vào miền Trung", "Giá vàng trong nước giảm nhẹ"};
    for (int i = 0; i < 8; ++i) {
        std::string id = "f";
        id += std::to_string(i);
        docs.push_back(article(id, fillers[i % 4], fillers[(i + 1) % 4]));
    }
    return docs;
}

const std::vector<std::string> words{"vin phát", "phát hiện con"};
const std::vector<std::vector<std::string>> groups{{"xe máy", "xe gắn máy", "mô tô"},
                                                   {"iPhone", "ai phôn"}};

IndexReport index_with(const std::string& db, std::vector<Document> docs,
                       std::optional<std::vector<std::string>> w,
                       std::optional<std::vector<std::vector<std::string>>> s,
                       const test::TempDir& dir, unsigned shards = 1) {
    std::string jsonl;
    for (const Document& d : docs)
        jsonl +=
            "{\"id\":\"" + d.id + "\",\"title\":\"" + d.title + "\",\"body\":\"" + d.body + "\"}\n";
    IndexOptions o;
    o.db_path = db;
    if (!docs.empty())
        o.inputs = {dir.write("input-" + std::to_string(docs.size()) + ".jsonl", jsonl)};
    o.words = std::move(w);
    o.synonyms = std::move(s);
    o.shards = shards;
    o.threads = 2;
    return index_documents(o);
}

std::vector<std::string> ids(const SearchResults& r) {
    std::vector<std::string> out;
    for (const Hit& h : r.hits) out.push_back(h.id);
    return out;
}

bool has_term(const std::string& db, const std::string& term) {
    return Xapian::Database(db).term_exists(term);
}

void check_error(const std::function<void()>& f, Errc code, const std::string& part) {
    try {
        f();
        FAIL("no error; expected one with \"" << part << "\"");
    } catch (const Error& e) {
        CHECK(e.code() == code);
        CHECK_MESSAGE(std::string(e.what()).find(part) != std::string::npos, e.what());
    }
}

// `first` ranked first, `also` found.
void check_found(const Searcher& s, const std::string& query, const std::string& first,
                 const std::string& also) {
    const std::vector<std::string> found = ids(s.search(query));
    CAPTURE(query);
    REQUIRE_FALSE(found.empty());
    CHECK(found.front() == first);
    CHECK(std::find(found.begin(), found.end(), also) != found.end());
}

// The synonyms both ways, each member typed ranked first; the listed word. (Over remote shards
// an unaccented query cannot expand: Xapian's remote backend has no synonym table.)
void check_lists_used(const Searcher& s, const char* word_query = "vin phat") {
    check_found(s, "xe máy", "xe-may", "mo-to");
    check_found(s, "mô tô", "mo-to", "xe-may");
    check_found(s, "iPhone", "iphone", "ai-phon");
    check_found(s, "ai phôn", "ai-phon", "iphone");
    check_found(s, word_query, "xe-may", "apart");
}

}  // namespace

TEST_CASE("user lists: a word list file is checked line by line") {
    test::TempDir dir;
    const std::string good = dir.write("good.txt",
                                       "# product names\n\nVin Phát\r\n  xe_gắn_máy  \n"
                                       "VIN PHÁT\nphát hiện con\n");
    CHECK(read_word_list(good) ==
          std::vector<std::string>{"vin phát", "xe gắn máy", "phát hiện con"});
    check_error([&] { (void)read_word_list(dir.write("a", "vin phát\nVin\n")); },
                Errc::invalid_input, "a:2: \"Vin\" is one syllable");
    check_error([&] { (void)read_word_list(dir.write("b", "# x\niPhone mới\n")); },
                Errc::invalid_input, "b:2: \"iPhone\" is not a Vietnamese syllable");
    check_error([&] { (void)read_word_list(dir.write("c", "một hai ba bốn năm\n")); },
                Errc::invalid_input, "c:1: \"một hai ba bốn năm\" has 5 syllables");
    check_error([&] { (void)read_word_list(dir.write("d", "vin phát\nxe \xff máy\n")); },
                Errc::invalid_input, "d:2: not valid UTF-8");
    check_error([&] { (void)read_word_list(dir.write("e", "vin, phát\n")); }, Errc::invalid_input,
                "e:1: \"vin, phát\" holds punctuation");
    check_error([&] { (void)read_word_list(dir / "missing.txt"); }, Errc::io, "missing.txt");
}

TEST_CASE("user lists: a synonym file is checked line by line") {
    test::TempDir dir;
    CHECK(read_synonym_groups(dir.write("good",
                                        "# groups\nxe máy,  xe gắn máy ,mô tô\n\n"
                                        "iPhone, ai phôn, Ai Phôn\n")) == groups);
    check_error([&] { (void)read_synonym_groups(dir.write("a", "xe máy, mô tô\nxe máy\n")); },
                Errc::invalid_input, "a:2: a group needs at least two different members");
    check_error([&] { (void)read_synonym_groups(dir.write("b", "xe máy, , mô tô\n")); },
                Errc::invalid_input, "b:1: an empty member");
    check_error([&] { (void)read_synonym_groups(dir.write("c", "\xc3(, mô tô\n")); },
                Errc::invalid_input, "c:1: not valid UTF-8");
    check_error([&] { (void)read_synonym_groups(dir.write("d", "ten@example.vn, thư\n")); },
                Errc::invalid_input, "d:1: \"ten@example.vn\": a member is made of words");
    // The library options are checked the same way.
    check_error([&] { (void)index_with(dir / "db", {}, std::vector<std::string>{"vin"}, {}, dir); },
                Errc::invalid_input, "word list:1: \"vin\" is one syllable");
}

TEST_CASE("user lists: a listed word is one word, at indexing and in queries, in any spelling") {
    AnalyzerOptions plain, listed;
    listed.words = words;
    Analyzer without(plain), with(listed);
    CHECK(without.analyze("Hãng Vin Phát").words.size() == 3);
    CHECK(with.analyze("Hãng Vin Phát").words.size() == 2);
    CHECK(with.analyze("hang vin phat").words.size() == 2);  // the dictionary is base-keyed
    // A listed word outweighs the built-in "phát hiện".
    CHECK(with.analyze("phát hiện con cá").words.size() == 2);

    test::TempDir dir;
    index_with(dir / "plain", articles(), {}, {}, dir);
    index_with(dir / "db", articles(), words, groups, dir);
    CHECK_FALSE(has_term(dir / "plain", "Wvin_phát"));
    CHECK(has_term(dir / "db", "Wvin_phát"));
    CHECK(has_term(dir / "db", "Wphát_hiện_con"));
    CHECK_FALSE(has_term(dir / "db", "Wphát_hiện"));
    // A document written one by one is segmented with the index's list too.
    {
        IndexWriter writer(dir / "db");
        writer.add(article("later", "Vin Phát mở đại lý", "Đại lý mới của Vin Phát."));
    }
    const Xapian::Database db(dir / "db");
    const auto later = db.postlist_begin("Qlater");
    REQUIRE(later != db.postlist_end("Qlater"));
    const Xapian::Document doc = db.get_document(*later);
    auto t = doc.termlist_begin();
    t.skip_to("Wvin_phát");
    CHECK((t != doc.termlist_end() && *t == "Wvin_phát"));

    // The word, unaccented: the documents with it as a word first, the one with the syllables
    // apart after them.
    const std::vector<std::string> found = ids(Searcher(dir / "db").search("vin phat"));
    REQUIRE(found.size() == 3);
    CHECK(found.back() == "apart");
}

TEST_CASE("user lists: a synonym group finds each member from the others, the typed one first") {
    test::TempDir dir;
    index_with(dir / "plain", articles(), {}, {}, dir);
    index_with(dir / "db", articles(), words, groups, dir);
    CHECK(ids(Searcher(dir / "plain").search("mô tô")) == std::vector<std::string>{"mo-to"});
    CHECK(ids(Searcher(dir / "plain").search("iPhone")) == std::vector<std::string>{"iphone"});
    const Searcher s(dir / "db");
    check_lists_used(s);
    std::vector<std::string> found = ids(s.search("xe gắn máy"));  // in no document
    std::sort(found.begin(), found.end());
    CHECK(found == std::vector<std::string>{"mo-to", "xe-may"});
    CHECK(ids(s.search("xe may")).front() == "xe-may");
    const SearchResults r = s.search("mô tô");
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].score > r.hits[1].score);
    CHECK_FALSE(r.partial);
}

TEST_CASE("user lists: kept by a run without them, replaced by a run with others, seen on reopen") {
    test::TempDir dir;
    const std::string db = dir / "db";
    index_with(db, articles(), words, groups, dir);
    const Searcher before(db);
    check_lists_used(before);
    // A run without lists keeps the index's.
    index_with(db, {article("n1", "Tin mới", "Giá xe máy giảm.")}, {}, {}, dir);
    IndexStats stats = index_stats(db);
    CHECK(stats.words == 2);
    CHECK(stats.synonym_groups == 2);
    check_lists_used(Searcher(db));
    // Empty lists remove them; a searcher opened before sees that at the next revision.
    index_with(db, {}, std::vector<std::string>{}, std::vector<std::vector<std::string>>{}, dir);
    stats = index_stats(db);
    CHECK(stats.words == 0);
    CHECK(stats.synonym_groups == 0);
    CHECK(ids(before.search("mô tô")) == std::vector<std::string>{"mo-to"});
    CHECK(Xapian::Database(db).get_metadata(std::string(index::words_key)).empty());
}

TEST_CASE(
    "user lists: a changed word list reports its documents; --reindex-changed analyses them") {
    test::TempDir dir;
    const std::string db = dir / "db";
    index_with(db, articles(), std::vector<std::string>{"vin phát"}, {}, dir);
    CHECK(has_term(db, "Wvin_phát"));
    // "vin phát" removed, "phát hiện con" added: the two documents with either are stale.
    IndexReport r = index_with(db, {}, std::vector<std::string>{"phát hiện con"}, {}, dir);
    CHECK(r.stale == 2);
    CHECK(r.stale_ids == std::vector<std::string>{"apart", "xe-may"});
    CHECK(has_term(db, "Wvin_phát"));  // not analysed again yet
    CHECK(index_stats(db).stale_documents == 2);
    // Until they are analysed, every run says so.
    r = index_with(db, {article("n1", "Tin mới", "Giá vàng giảm.")}, {}, {}, dir);
    CHECK(r.stale == 2);
    // A run whose inputs hold one analyses it (though its content is the same).
    r = index_with(db, {articles()[0]}, {}, {}, dir);
    CHECK(r.updated == 1);
    CHECK(r.stale == 1);
    CHECK(r.stale_ids == std::vector<std::string>{"apart"});
    CHECK_FALSE(has_term(db, "Wvin_phát"));
    CHECK_FALSE(has_term(db, "Wphát_hiện_con"));
    // The other from its stored copy.
    IndexOptions o;
    o.db_path = db;
    o.reindex_changed = true;
    r = index_documents(o);
    CHECK(r.reindexed == 1);
    CHECK(r.stale == 0);
    CHECK(r.added + r.updated == 0);
    CHECK(has_term(db, "Wphát_hiện_con"));
    CHECK(index_stats(db).stale_documents == 0);
    CHECK(Searcher(db).document("apart")->body == articles()[4].body);
    // Nothing left: the next run reports nothing.
    r = index_with(db, {article("n2", "Tin mới", "Trời nắng.")}, {}, {}, dir);
    CHECK(r.stale == 0);
    // A rebuild keeps the lists.
    IndexOptions rebuild;
    rebuild.db_path = db;
    rebuild.inputs = {dir / "input-13.jsonl"};
    rebuild.rebuild = true;
    (void)index_documents(rebuild);
    CHECK(index_stats(db).words == 1);
}

TEST_CASE("user lists: every shard holds them, a cluster's part too, and remote shards use them") {
    test::TempDir dir;
    const std::string db = dir / "sharded";
    index_with(db, articles(), words, groups, dir, 3);
    const store::IndexLocation location = store::locate_index(db);
    REQUIRE(location.shards.size() == 3);
    std::vector<std::string> lines;
    std::vector<std::unique_ptr<test::TcpServerProcess>> servers;
    for (const store::ShardLocation& shard : location.shards) {
        const index::UserLists lists = index::read_user_lists(Xapian::Database(shard.path));
        CHECK(lists.words == words);
        CHECK(lists.synonyms == groups);
        servers.push_back(
            std::make_unique<test::TcpServerProcess>(std::vector<std::string>{shard.path}));
        lines.push_back("remote " + servers.back()->address());
    }
    check_lists_used(Searcher(db));
    std::string stub = "# remote shards\n";
    for (const std::string& l : lines) stub += l + "\n";
    const Searcher remote(dir.write("remote.stub", stub));
    check_lists_used(remote, "Vin Phát");
    for (auto& s : servers) s->stop();

    IndexOptions part;
    part.db_path = dir / "part";
    part.inputs = {dir / "input-13.jsonl"};
    part.shard_index = 1;
    part.shard_count = 3;
    part.words = words;
    part.synonyms = groups;
    (void)index_documents(part);
    CHECK(index::read_user_lists(Xapian::Database(part.db_path)).synonyms == groups);
}
