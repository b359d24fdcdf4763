// SPDX-License-Identifier: Apache-2.0
// A sharded index answers as one database holding the same documents. The same few hundred
// articles are written into one database and into 2 and 3 shard databases, opened as one by
// Database::add_database, by a stub file of `glass PATH` lines, and by a folder whose XAPIANDB
// stub names its shards; the searches compare hit for hit. Xapian numbers a sharded index's
// documents by interleaving, so the white-box cases check what names documents by id: the
// rerank's filter to the hits and the halves of the split first pass.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/document.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

#include "index/term_scheme.hpp"
#include "search/facet_truth.hpp"
#include "search/helper_thread.hpp"
#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/rerank.hpp"
#include "search/shard_docids.hpp"
#include "search/split_match.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using vnsearch::Document;

// Sentences of the bundled sample articles and test records: the material the articles are
// made of.
struct Material {
    std::vector<std::string> titles, sentences;
};

void split_sentences(const std::string& text, std::vector<std::string>& out) {
    std::size_t from = 0;
    while (from < text.size()) {
        std::size_t end = text.find_first_of(".\n", from);
        end = end == std::string::npos ? text.size() : end + 1;
        std::string sentence = text.substr(from, end - from);
        const auto first = sentence.find_first_not_of(" \n");
        if (first != std::string::npos && sentence.size() - first > 20)
            out.push_back(sentence.substr(first));
        from = end;
    }
}

Material material() {
    Material m;
    const fs::path root(VNSEARCH_SOURCE_DIR);
    for (const fs::path& file :
         {root / "data" / "sample" / "articles.jsonl", root / "tests" / "data" / "small.jsonl"}) {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_object()) continue;
            if (j.contains("title") && j["title"].is_string()) m.titles.push_back(j["title"]);
            for (const char* field : {"summary", "body"})
                if (j.contains(field) && j[field].is_string())
                    split_sentences(j[field].get<std::string>(), m.sentences);
        }
    }
    REQUIRE(m.titles.size() > 20);
    REQUIRE(m.sentences.size() > 100);
    return m;
}

// Three hundred articles put together from the material by a fixed pseudo-random sequence:
// three sources, dates over a year (some shared, some missing), titles that repeat.
std::vector<Document> corpus() {
    const Material m = material();
    std::uint32_t state = 12345;
    const auto next = [&state](std::size_t n) {
        state = state * 1664525U + 1013904223U;
        return static_cast<std::size_t>((state >> 8) % n);
    };
    const char* sources[] = {"vnexpress.net", "tuoitre.vn", "thanhnien.vn"};
    std::vector<Document> docs;
    for (int i = 0; i < 300; ++i) {
        Document d;
        d.id = "bai-";
        d.id += std::to_string(i);
        d.title = m.titles[next(m.titles.size())];
        if (i % 2 == 0) d.summary = m.sentences[next(m.sentences.size())];
        const std::size_t sentences = 2 + next(6);
        for (std::size_t k = 0; k < sentences; ++k) {
            if (k > 0) d.body += ' ';
            d.body += m.sentences[next(m.sentences.size())];
        }
        d.source = sources[next(3)];
        // Facet fields from the number alone: the pseudo-random sequence stays as it was.
        const char* people[] = {"Nguyễn An", "Trần Bình – Lê Chi", "Lê Chi"};
        const char* labels[] = {"Kinh tế", "Xã hội", "Thể thao", "KINH TẾ", "Giáo dục"};
        d.author = people[i % 3];
        d.category = labels[i % 5];
        d.tags = {labels[i % 5], labels[(i / 5) % 5]};
        if (i % 17 != 0) {
            const std::size_t day = next(200);
            const auto two_digits = [](std::size_t v) {
                return std::string(v < 10 ? "0" : "") + std::to_string(v);
            };
            d.date = "2021-" + two_digits(1 + day / 28) + "-" + two_digits(1 + day % 28);
        }
        docs.push_back(std::move(d));
    }
    return docs;
}

// Any stable function of the id will do for the test: FNV-1a.
std::size_t shard_of(const std::string& id, std::size_t shards) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
    return static_cast<std::size_t>(h % shards);
}

void write(const std::string& path, const std::vector<Document>& docs) {
    vnsearch::IndexWriter writer(path, vnsearch::OpenMode::create);
    for (const Document& d : docs) writer.add(d);
    writer.commit();
}

// `root`/one: one database. `root`/sN: shard-000.. and a XAPIANDB stub naming them;
// `root`/sN.stub: a stub file naming the same shards.
struct Layouts {
    vnsearch::test::TempDir dir;
    std::string one = dir.path() + "/one";
    std::vector<Document> docs = corpus();

    Layouts() {
        write(one, docs);
        for (std::size_t n : {2U, 3U}) {
            std::vector<std::vector<Document>> shards(n);
            for (const Document& d : docs) shards[shard_of(d.id, n)].push_back(d);
            std::ofstream folder_stub(folder(n) + "/XAPIANDB");
            std::ofstream file_stub(stub(n));
            for (std::size_t k = 0; k < n; ++k) {
                REQUIRE(shards[k].size() > 50);
                write(shard(n, k), shards[k]);
                folder_stub << "glass " << shard_name(k) << '\n';
                file_stub << "glass s" << n << '/' << shard_name(k) << '\n';
            }
        }
    }
    static std::string shard_name(std::size_t k) { return "shard-00" + std::to_string(k); }
    std::string folder(std::size_t n) const {
        const std::string path = dir.path() + "/s" + std::to_string(n);
        fs::create_directories(path);
        return path;
    }
    std::string shard(std::size_t n, std::size_t k) const {
        return folder(n) + "/" + shard_name(k);
    }
    std::string stub(std::size_t n) const {
        return dir.path() + "/s" + std::to_string(n) + ".stub";
    }
    // The shards opened one by one and added to one handle.
    Xapian::Database added(std::size_t n) const {
        Xapian::Database db;
        for (std::size_t k = 0; k < n; ++k) db.add_database(Xapian::Database(shard(n, k)));
        return db;
    }
};

const Layouts& layouts() {
    static const Layouts built;
    return built;
}

// Splits the first pass of every index, however small, while it lives.
struct SplitAlways {
    Xapian::docid saved = vnsearch::search::split_min_documents.exchange(0);
    SplitAlways() = default;
    SplitAlways(const SplitAlways&) = delete;
    SplitAlways& operator=(const SplitAlways&) = delete;
    ~SplitAlways() { vnsearch::search::split_min_documents = saved; }
};

bool close(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max({std::fabs(a), std::fabs(b), 1e-300});
}

// The hits of `got` are those of `want`: in the same order, except that documents of equal score
// may come in any order (Xapian breaks ties by document id, which depends on the layout). A run
// of equal scores cut by the page's end may hold other documents of that score. The totals are
// Xapian's estimates: once a match stops counting (its pruning), each shard estimates its own
// share, so they are equal only where the match counted every document (`exhaustive`).
void check_same(const vnsearch::SearchResults& want, const vnsearch::SearchResults& got,
                bool exhaustive) {
    if (exhaustive)
        CHECK(got.estimated_total == want.estimated_total);
    else
        CHECK(got.estimated_total >= got.hits.size());
    CHECK(got.partial == want.partial);
    CHECK(got.suggestion == want.suggestion);
    REQUIRE(got.hits.size() == want.hits.size());
    std::map<std::string, const vnsearch::Hit*> by_id;
    for (const auto& hit : got.hits) by_id.emplace(hit.id, &hit);
    for (std::size_t i = 0; i < want.hits.size();) {
        std::size_t end = i + 1;
        while (end < want.hits.size() && close(want.hits[end].score, want.hits[i].score)) ++end;
        std::set<std::string> a, b;
        for (std::size_t k = i; k < end; ++k) {
            CHECK(close(got.hits[k].score, want.hits[k].score));
            CHECK(got.hits[k].rank == want.hits[k].rank);
            a.insert(want.hits[k].id);
            b.insert(got.hits[k].id);
        }
        if (end < want.hits.size()) CHECK(a == b);
        for (std::size_t k = i; k < end; ++k) {
            const auto it = by_id.find(want.hits[k].id);
            if (it == by_id.end()) continue;
            const vnsearch::Hit& g = *it->second;
            const vnsearch::Hit& w = want.hits[k];
            CHECK(g.title == w.title);
            CHECK(g.title_highlights == w.title_highlights);
            CHECK(g.date == w.date);
            CHECK(g.source == w.source);
            CHECK(g.snippet.text == w.snippet.text);
            CHECK(g.snippet.highlights == w.snippet.highlights);
        }
        i = end;
    }
}

struct QueryCase {
    const char* query;
    vnsearch::SortOrder sort = vnsearch::SortOrder::relevance;
    std::size_t offset = 0;
};

const QueryCase query_cases[] = {
    {"kinh tế tăng trưởng"},
    {"kinh te tang truong"},  // diacritics restored, and a suggestion
    {"ha noi xe buyt"},
    {"\"kinh tế\""},
    {"title:Hà Nội"},
    {"kinh tế source:tuoitre.vn"},
    {"date:2021-03..2021-05 thành phố"},
    {"thành phố", vnsearch::SortOrder::date},
    {"người dân", vnsearch::SortOrder::relevance, 7},
    {"phát triển kinh tế", vnsearch::SortOrder::relevance, 25},
    {"kinh tế xyzabc"},  // partial
    {"\"nhà trường kinh tế\""},
};

}  // namespace

TEST_CASE("shards: a stub file and a XAPIANDB folder open as one database of every document") {
    const Layouts& l = layouts();
    for (std::size_t n : {2U, 3U}) {
        CAPTURE(n);
        for (const std::string& path : {l.stub(n), l.folder(n)}) {
            const Xapian::Database db(path);
            CHECK(db.size() == n);
            CHECK(db.get_doccount() == l.docs.size());
            CHECK(vnsearch::Searcher(path).doc_count() == l.docs.size());
        }
    }
}

TEST_CASE("shards: a sharded index answers as one database, on one thread and two") {
    const Layouts& l = layouts();
    const SplitAlways split;
    const vnsearch::Searcher one(l.one);
    std::vector<std::pair<std::string, vnsearch::Searcher>> sharded;
    for (std::size_t n : {2U, 3U}) {
        sharded.emplace_back(l.stub(n), vnsearch::Searcher(l.stub(n)));
        sharded.emplace_back(l.folder(n), vnsearch::Searcher(l.folder(n)));
    }
    std::size_t hits = 0, suggestions = 0, partials = 0;
    for (const QueryCase& c : query_cases)
        // A page, and every match (which Xapian counts exactly on any layout).
        for (std::size_t limit : {std::size_t{10}, l.docs.size()}) {
            const std::string query = c.query;
            CAPTURE(query);
            CAPTURE(c.offset);
            CAPTURE(limit);
            vnsearch::SearchOptions options;
            options.sort = c.sort;
            options.offset = c.offset;
            options.limit = limit;
            options.threads = 1;
            const vnsearch::SearchResults want = one.search(c.query, options);
            const bool exhaustive = limit == l.docs.size();
            hits += want.hits.size();
            suggestions += !want.suggestion.empty();
            partials += want.partial;
            // The split first pass on one database gives the same page.
            options.threads = 2;
            check_same(want, one.search(c.query, options), exhaustive);
            for (const auto& [path, searcher] : sharded) {
                CAPTURE(path);
                for (unsigned threads : {1U, 2U}) {
                    CAPTURE(threads);
                    options.threads = threads;
                    check_same(want, searcher.search(c.query, options), exhaustive);
                }
            }
        }
    // The cases cover what they are meant to.
    CHECK(hits > 60);
    CHECK(suggestions >= 2);
    CHECK(partials >= 1);
}

TEST_CASE("shards: facet counts equal one database's, on one thread and two, any page") {
    const Layouts& l = layouts();
    const SplitAlways split;
    const vnsearch::Searcher one(l.one);
    std::vector<vnsearch::Searcher> sharded;
    for (std::size_t n : {2U, 3U}) {
        sharded.emplace_back(l.stub(n));
        sharded.emplace_back(l.folder(n));
    }
    const auto flat = [](const vnsearch::SearchResults& r) {
        std::vector<std::string> out;
        for (const vnsearch::Facet& f : r.facets)
            for (const vnsearch::FacetValue& v : f.values)
                out.push_back(f.name + ":" + v.value + "=" + std::to_string(v.count));
        return out;
    };
    std::size_t values = 0;
    for (const QueryCase& c : query_cases) {
        const std::string query = c.query;
        CAPTURE(query);
        vnsearch::SearchOptions options;
        options.sort = c.sort;
        options.offset = c.offset;
        options.threads = 1;
        options.facets = {"source", "category", "author", "tag", "year", "month"};
        const vnsearch::SearchResults want = one.search(c.query, options);
        values += flat(want).size();
        for (const vnsearch::Searcher& searcher : sharded)
            for (unsigned threads : {1U, 2U}) {
                CAPTURE(threads);
                options.threads = threads;
                const vnsearch::SearchResults got = searcher.search(c.query, options);
                CHECK(got.estimated_total == want.estimated_total);
                CHECK(flat(got) == flat(want));
            }
    }
    CHECK(values > 200);
}

TEST_CASE("shards: facet counts equal a count over the matching documents themselves") {
    const Layouts& l = layouts();
    const SplitAlways split;
    std::vector<vnsearch::Searcher> sharded;
    for (std::size_t n : {2U, 3U}) {
        sharded.emplace_back(l.stub(n));
        sharded.emplace_back(l.folder(n));
    }
    const std::vector<std::string> fields = {"source", "category", "author",
                                             "tag",    "year",     "month"};
    std::size_t counted = 0;
    for (const QueryCase& c : query_cases) {
        const std::string query = c.query;
        CAPTURE(query);
        for (const vnsearch::Searcher& searcher : sharded) {
            const std::set<std::string> ids = vnsearch::test::matching_ids(searcher, query);
            vnsearch::SearchOptions options;
            options.facets = fields;
            options.max_facet_values = 0;
            options.threads = 2;
            const vnsearch::SearchResults got = searcher.search(query, options);
            CHECK(got.estimated_total == ids.size());
            CHECK(vnsearch::test::flat_facets(got) ==
                  vnsearch::test::brute_force_facets(l.docs, ids, fields));
            counted += ids.size();
        }
    }
    CHECK(counted > 1000);
}

namespace {

// Each hit's id and weight, from `db`'s id value slot.
std::map<std::string, double> weights_by_id(const Xapian::Database& db,
                                            const std::vector<vnsearch::search::RankedHit>& hits) {
    std::map<std::string, double> out;
    for (const auto& hit : hits)
        out.emplace(db.get_document(hit.did).get_value(vnsearch::index::id_slot), hit.weight);
    return out;
}

}  // namespace

TEST_CASE("shards: the rerank's evidence lands on the hits it was counted for") {
    const Layouts& l = layouts();
    const Xapian::Database one(l.one);
    const Xapian::Database three = l.added(3);
    vnsearch::Analyzer analyzer;
    std::size_t reranked = 0;
    for (const char* text : {"kinh tế tăng trưởng", "người dân thành phố", "ha noi xe buyt"}) {
        CAPTURE(text);
        std::map<std::string, double> want, got;
        for (const Xapian::Database* db : {&one, &three}) {
            vnsearch::search::QueryBuilder builder(*db, analyzer);
            const auto built = builder.build(vnsearch::search::parse_query(text));
            reranked += !built.evidence.empty();
            Xapian::Enquire enquire(*db);
            enquire.set_weighting_scheme(vnsearch::search::ranking_weight());
            const auto page = vnsearch::search::rank_page(*db, enquire, built, true, 0, 30);
            REQUIRE(page.hits.size() == 30);
            (db == &one ? want : got) = weights_by_id(*db, page.hits);
        }
        REQUIRE(want.size() == got.size());
        for (const auto& [id, weight] : want) {
            CAPTURE(id);
            REQUIRE(got.count(id) == 1);
            CHECK(close(got[id], weight));
        }
    }
    CHECK(reranked == 6);
}

TEST_CASE("shards: only_documents() filters to exactly the ids given, on any layout") {
    const Layouts& l = layouts();
    for (std::size_t n : {1U, 2U, 3U}) {
        CAPTURE(n);
        const Xapian::Database db = n == 1 ? Xapian::Database(l.one) : l.added(n);
        std::vector<Xapian::docid> ids;
        for (Xapian::docid did = 1; did <= db.get_lastdocid(); did += 7) ids.push_back(did);
        ids.push_back(db.get_lastdocid());
        const Xapian::Query filter = vnsearch::search::only_documents(db, ids);
        // Through a serialisation too, as a server that registers the source would run it.
        Xapian::Registry registry;
        registry.register_posting_source(vnsearch::search::ShardDocids());
        for (const Xapian::Query& q :
             {filter, Xapian::Query::unserialise(filter.serialise(), registry)}) {
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, q));
            const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
            std::vector<Xapian::docid> found(mset.begin(), mset.end());
            std::sort(found.begin(), found.end());
            std::vector<Xapian::docid> want = ids;
            std::sort(want.begin(), want.end());
            want.erase(std::unique(want.begin(), want.end()), want.end());
            CHECK(found == want);
        }
    }
}

TEST_CASE("shards: ShardDocids travels serialised and refuses what it did not write") {
    const Layouts& l = layouts();
    const Xapian::Database three = l.added(3);
    Xapian::Registry registry;
    registry.register_posting_source(vnsearch::search::ShardDocids());
    for (unsigned part = 0; part < 2; ++part) {
        const Xapian::Query q = vnsearch::search::shard_part(part, 2);
        Xapian::Enquire a(three), b(three);
        a.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, q));
        b.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                  Xapian::Query::unserialise(q.serialise(), registry)));
        const Xapian::MSet x = a.get_mset(0, 1000), y = b.get_mset(0, 1000);
        CHECK(std::vector<Xapian::docid>(x.begin(), x.end()) ==
              std::vector<Xapian::docid>(y.begin(), y.end()));
        CHECK(x.size() > 100);
    }
    const vnsearch::search::ShardDocids prototype;
    const std::vector<std::string> bad_input{
        {},                         // empty
        {'x'},                      // no such mode
        {'p', 1},                   // cut short
        {'p', 2, 2},                // part 2 of 2
        {'p', 0, 0},                // of no parts
        {'p', 0, 1, 'z'},           // trailing bytes
        {'o', 5},                   // five shards in no bytes
        {'o', 1, 3, 'a', 'b'},      // a uuid cut short
        {'o', 1, 0, 2, 1, '\x80'},  // an id cut short
    };
    for (const std::string& bad : bad_input) {
        CAPTURE(bad);
        CHECK_THROWS_AS(delete prototype.unserialise(bad), Xapian::SerialisationError);
    }
    // The registry's prototype matches nothing, on any layout.
    for (const Xapian::Database& db : {Xapian::Database(l.one), three}) {
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                        Xapian::Query(prototype.clone()->release())));
        CHECK(enquire.get_mset(0, 10).empty());
    }
    // A filter made for other shards says so instead of filtering the wrong documents.
    const Xapian::Query other = vnsearch::search::only_documents(l.added(2), {1, 2, 3});
    Xapian::Enquire enquire(three);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, other));
    CHECK_THROWS_AS(enquire.get_mset(0, 10), Xapian::InvalidArgumentError);
}

TEST_CASE("shards: the halves of the split first pass each hold documents of every shard") {
    const Layouts& l = layouts();
    const Xapian::Database three = l.added(3);
    std::vector<std::set<Xapian::docid>> parts(2);
    for (unsigned p = 0; p < 2; ++p) {
        Xapian::Enquire enquire(three);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                        vnsearch::search::shard_part(p, 2)));
        const Xapian::MSet mset = enquire.get_mset(0, three.get_doccount());
        parts[p].insert(mset.begin(), mset.end());
    }
    // Together once each.
    CHECK(parts[0].size() + parts[1].size() == three.get_doccount());
    for (const Xapian::docid did : parts[0]) CHECK(parts[1].count(did) == 0);
    for (std::size_t shard = 0; shard < 3; ++shard)
        for (const auto& part : parts)
            CHECK(std::any_of(part.begin(), part.end(), [&](Xapian::docid did) {
                return vnsearch::search::to_local(did, 3).shard == shard;
            }));

    // The calling thread's half of a split first pass holds about half of every shard's matches,
    // and the pass finds the hits of one match.
    const Xapian::Database helper_db = l.added(3);
    vnsearch::search::HelperThread helper;
    vnsearch::search::SplitMatch split{&helper, &helper_db};
    split.min_documents = 0;
    vnsearch::Analyzer analyzer;
    vnsearch::search::QueryBuilder builder(three, analyzer);
    const auto built = builder.build(vnsearch::search::parse_query("kinh tế người dân"));
    Xapian::Enquire a(three), b(three);
    a.set_weighting_scheme(vnsearch::search::ranking_weight());
    b.set_weighting_scheme(vnsearch::search::ranking_weight());
    const Xapian::doccount all = three.get_doccount();
    const auto whole = vnsearch::search::match_first_pass(three, a, built.ranked, all, nullptr);
    const auto halves = vnsearch::search::match_first_pass(three, b, built.ranked, all, &split);
    REQUIRE(whole.hits.size() > 30);
    REQUIRE(halves.hits.size() == whole.hits.size());
    for (std::size_t i = 0; i < whole.hits.size(); ++i) {
        CHECK(halves.hits[i].did == whole.hits[i].did);
        CHECK(halves.hits[i].weight == whole.hits[i].weight);
    }
    std::vector<std::size_t> first(3), second(3);
    std::set<Xapian::docid> in_first(halves.first_half.begin(), halves.first_half.end());
    for (const auto& hit : whole.hits)
        ++(in_first.count(hit.did) ? first : second)[vnsearch::search::to_local(hit.did, 3).shard];
    for (std::size_t shard = 0; shard < 3; ++shard) {
        CAPTURE(shard);
        CHECK(first[shard] > 0);
        CHECK(second[shard] > 0);
    }
}

TEST_CASE("shards: the helper's handle is compared shard by shard") {
    vnsearch::test::TempDir dir;
    for (const char* name : {"a", "b"}) {
        Xapian::WritableDatabase w(dir.path() + "/" + name, Xapian::DB_CREATE);
        w.add_document(Xapian::Document());
        w.commit();
    }
    std::ofstream(dir.path() + "/ab.stub") << "glass a\nglass b\n";
    std::ofstream(dir.path() + "/ba.stub") << "glass b\nglass a\n";
    const Xapian::Database before(dir.path() + "/ab.stub");
    CHECK(vnsearch::search::same_revisions(before, Xapian::Database(dir.path() + "/ab.stub")));
    // The same shards in another order number the documents otherwise.
    CHECK_FALSE(
        vnsearch::search::same_revisions(before, Xapian::Database(dir.path() + "/ba.stub")));
    {
        Xapian::WritableDatabase w(dir.path() + "/b", Xapian::DB_OPEN);
        w.add_document(Xapian::Document());
        w.commit();
    }
    const Xapian::Database after(dir.path() + "/ab.stub");
    CHECK_FALSE(vnsearch::search::same_revisions(before, after));
    Xapian::Database caught_up = before;
    caught_up.reopen();
    CHECK(vnsearch::search::same_revisions(caught_up, after));
}
