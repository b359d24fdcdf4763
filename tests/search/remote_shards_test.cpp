// SPDX-License-Identifier: Apache-2.0
// Shards served by stock xapian-tcpsrv on loopback and searched through stub files: the same
// answers as one database holding the same documents, shards that are down or stalled left out
// and named, and a shard that comes back used again by the same Searcher.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <vnsearch/error.hpp>
#include <vnsearch/searcher.hpp>

#include "search/facet_truth.hpp"
#include "search/search_fixture.hpp"
#include "store/shard_set.hpp"
#include "support/tcp_proxy.hpp"
#include "support/tcp_server_process.hpp"
#include "support/temp_dir.hpp"

using namespace vnsearch;
using vnsearch::test::TcpServerProcess;

namespace {

constexpr std::uint32_t shard_count = 3;

// The bundled sample articles (with summaries: rerank evidence) and generated ones: a few hundred
// documents. Few ties: documents of equal score are ordered by document id, which differs
// between layouts, so a tie across the rerank depth reranks other documents.
std::vector<Document> corpus() {
    std::vector<Document> docs;
    std::ifstream in(std::string(VNSEARCH_SOURCE_DIR) + "/data/sample/articles.jsonl");
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        Document d;
        d.id = j.value("id", "");
        d.title = j.value("title", "");
        d.summary = j.value("summary", "");
        d.body = j.value("body", "");
        d.date = j.value("date", "");
        d.source = j.value("source", "");
        docs.push_back(std::move(d));
    }
    const char* words[] = {"hà",  "nội",   "kinh", "tế",   "phát",  "triển", "biển",
                           "đảo", "thành", "phố",  "giao", "thông", "học",   "sinh"};
    std::uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 200; ++i) {
        Document d;
        d.id = "g";
        d.id += std::to_string(i);
        d.title = "Bài ";
        d.title += std::to_string(i);
        // Every length differs: fewer ties in score, which each layout orders its own way.
        for (int w = 0; w < 20 + i; ++w) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            d.body += words[x % (sizeof words / sizeof words[0])];
            d.body += w % 10 == 9 ? ". " : " ";
        }
        d.date = "2020-01-";
        d.date += std::to_string(10 + i % 20);
        // Facet fields, several values to a document for authors and tags.
        const char* people[] = {"Nguyễn An", "Trần Bình, Lê Chi", "LÊ CHI"};
        const char* labels[] = {"Kinh tế", "Giao thông", "giao thông", "Biển đảo"};
        d.author = people[i % 3];
        d.category = labels[i % 4];
        d.tags = {labels[i % 4], labels[(i / 4) % 4]};
        docs.push_back(std::move(d));
    }
    return docs;
}

// One database with every document, and a sharded folder with the same documents routed by
// store::shard_of, as `vnsearch index --shards 3` lays it out.
struct Layouts {
    test::TempDir dir;
    std::string one = dir / "one";
    std::string sharded = dir / "sharded";
    std::vector<std::string> shard_paths;
    std::vector<std::set<std::string>> shard_ids;
    std::vector<std::vector<Document>> routed;

    Layouts() {
        const std::vector<Document> docs = corpus();
        test::write_index(one, docs);
        routed.resize(shard_count);
        shard_ids.resize(shard_count);
        for (const Document& d : docs) {
            const auto k = store::shard_of(d.id, shard_count);
            routed[k].push_back(d);
            shard_ids[k].insert(d.id);
        }
        std::filesystem::create_directories(sharded);
        for (std::uint32_t k = 0; k < shard_count; ++k) {
            shard_paths.push_back(sharded + "/" + store::shard_folder_name(k));
            test::write_index(shard_paths.back(), routed[k]);
        }
        store::write_shard_stub(sharded, shard_count);
    }

    // A stub file of these lines.
    std::string stub(const std::string& name, const std::vector<std::string>& lines) const {
        std::string text = "# test stub\n";
        for (const std::string& l : lines) text += l + "\n";
        return dir.write(name, text);
    }
};

struct Servers {
    std::vector<std::unique_ptr<TcpServerProcess>> each;
    explicit Servers(const Layouts& l) {
        for (const std::string& p : l.shard_paths)
            each.push_back(std::make_unique<TcpServerProcess>(std::vector<std::string>{p}));
    }
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& s : each) out.push_back("remote " + s->address());
        return out;
    }
};

bool close_to(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)); }

// The same hits, scores (to 1e-9), snippets and titles; documents of equal score may come in
// any order (ties are ordered by document id, which differs between layouts), and the run of
// ties at the end of the page may be cut at different documents.
void check_same(const SearchResults& got, const SearchResults& want) {
    REQUIRE(got.hits.size() == want.hits.size());
    CHECK(got.partial == want.partial);
    std::size_t i = 0;
    while (i < want.hits.size()) {
        std::size_t end = i + 1;
        while (end < want.hits.size() && close_to(want.hits[end].score, want.hits[i].score)) ++end;
        std::set<std::string> a, b;
        for (std::size_t k = i; k < end; ++k) {
            CAPTURE(k);
            CAPTURE(got.hits[k].id);
            CAPTURE(want.hits[k].id);
            CAPTURE(got.hits[k].score);
            CAPTURE(want.hits[k].score);
            CHECK(close_to(got.hits[k].score, want.hits[k].score));
            a.insert(got.hits[k].id);
            b.insert(want.hits[k].id);
        }
        if (end < want.hits.size()) CHECK(a == b);
        i = end;
    }
    for (const Hit& w : want.hits) {
        for (const Hit& g : got.hits) {
            if (g.id != w.id) continue;
            CHECK(g.title == w.title);
            CHECK(g.snippet.text == w.snippet.text);
            CHECK(g.snippet.highlights == w.snippet.highlights);
            CHECK(g.title_highlights == w.title_highlights);
        }
    }
}

struct Case {
    const char* query;
    SearchOptions options;
};

std::vector<Case> cases() {
    SearchOptions plain;
    plain.limit = 20;
    SearchOptions one_thread = plain;
    one_thread.threads = 1;
    SearchOptions by_date = plain;
    by_date.sort = SortOrder::date;
    SearchOptions later = plain;
    later.offset = 5;
    SearchOptions ids_only = plain;
    ids_only.snippets = false;
    return {
        {"kinh tế", plain},
        {"phát triển kinh tế biển đảo", plain},
        {"phát triển kinh tế biển đảo", one_thread},
        {"chính sách phát triển", later},
        {"ngân sách", plain},
        {"\"kinh tế\"", plain},
        {"title:bài", by_date},
        {"thành phố giao thông", ids_only},
        {"tăng trưởng kinh tế", plain},
        {"hà nội -kinh", plain},
        {"kinh tế xã hội thành phố hồ chí minh", plain},
    };
}

}  // namespace

TEST_CASE("remote shards: results through xapian-tcpsrv equal one database's") {
    const Layouts l;
    const Servers servers(l);
    const Searcher one(l.one);
    const Searcher remote(l.stub("remote.stub", servers.lines()));
    const Searcher mixed(l.stub("mixed.stub", {"glass " + l.shard_paths[0], servers.lines()[1],
                                               "auto " + l.shard_paths[2]}));
    for (const Case& c : cases()) {
        const std::string query = c.query;
        CAPTURE(query);
        const SearchResults want = one.search(c.query, c.options);
        CHECK(!want.hits.empty());
        {
            INFO("all remote");
            const SearchResults got = remote.search(c.query, c.options);
            CHECK(got.missing_shards.empty());
            check_same(got, want);
        }
        {
            INFO("remote and local lines mixed");
            const SearchResults got = mixed.search(c.query, c.options);
            CHECK(got.missing_shards.empty());
            check_same(got, want);
        }
    }
    CHECK(remote.doc_count() == one.doc_count());
}

TEST_CASE("remote shards: facets through xapian-tcpsrv equal one database's") {
    // Stock ValueCountMatchSpy, which the server's registry knows: the counts travel back.
    const Layouts l;
    const Servers servers(l);
    const Searcher one(l.one);
    const Searcher remote(l.stub("remote.stub", servers.lines()));
    const Searcher mixed(l.stub("mixed.stub", {"glass " + l.shard_paths[0], servers.lines()[1],
                                               "auto " + l.shard_paths[2]}));
    SearchOptions options;
    options.limit = 5;
    options.facets = {"source", "category", "author", "tag", "year", "month"};
    const auto flat = [](const SearchResults& r) {
        std::vector<std::string> out;
        for (const Facet& f : r.facets)
            for (const FacetValue& v : f.values)
                out.push_back(f.name + ":" + v.value + "=" + std::to_string(v.count));
        return out;
    };
    std::size_t values = 0;
    for (const char* query : {"kinh tế", "phát triển kinh tế biển đảo", "hà nội -kinh"}) {
        const std::string text = query;
        CAPTURE(text);
        const SearchResults want = one.search(query, options);
        values += flat(want).size();
        // And a count over the matching documents themselves (every value).
        const std::set<std::string> ids = test::matching_ids(one, query);
        const auto truth = test::brute_force_facets(corpus(), ids, options.facets);
        SearchOptions every = options;
        every.max_facet_values = 0;
        for (const Searcher* s : {&one, &remote, &mixed}) {
            const SearchResults got = s->search(query, options);
            CHECK(got.missing_shards.empty());
            CHECK(got.estimated_total == want.estimated_total);
            CHECK(flat(got) == flat(want));
            const SearchResults all = s->search(query, every);
            CHECK(all.estimated_total == ids.size());
            CHECK(test::flat_facets(all) == truth);
        }
    }
    CHECK(values > 30);
}

TEST_CASE("remote shards: a stopped shard is named and the others answer; back, it is used") {
    const Layouts l;
    Servers servers(l);
    const Searcher remote(l.stub("remote.stub", servers.lines()));
    // What the two shards left give: the same as one database of their documents.
    std::vector<Document> left = l.routed[0];
    left.insert(left.end(), l.routed[2].begin(), l.routed[2].end());
    test::write_index(l.dir / "two", left);
    const Searcher two_left(l.dir / "two");
    const Searcher one(l.one);
    SearchOptions o;
    o.limit = 30;
    const char* query = "phát triển kinh tế";
    check_same(remote.search(query, o), one.search(query, o));

    servers.each[1]->stop();
    const SearchResults without = remote.search(query, o);
    CHECK(without.missing_shards == std::vector<std::string>{servers.each[1]->address()});
    REQUIRE(!without.hits.empty());
    for (const Hit& h : without.hits) CHECK(!l.shard_ids[1].contains(h.id));
    check_same(without, two_left.search(query, o));
    // Still missing on the next search: retried, refused at once.
    CHECK(remote.search(query, o).missing_shards.size() == 1);

    SearcherOptions strict;
    strict.require_all_shards = true;
    try {
        (void)Searcher(l.dir / "remote.stub", strict);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::shard_unavailable);
        CHECK(std::string(e.what()).find(servers.each[1]->address()) != std::string::npos);
    }

    servers.each[1]->restart();
    const SearchResults back = remote.search(query, o);
    CHECK(back.missing_shards.empty());
    check_same(back, one.search(query, o));
    CHECK(remote.doc_count() == one.doc_count());
}

TEST_CASE("remote shards: a searcher that requires every shard fails when one goes") {
    const Layouts l;
    Servers servers(l);
    SearcherOptions strict;
    strict.require_all_shards = true;
    const Searcher remote(l.stub("remote.stub", servers.lines()), strict);
    CHECK(!remote.search("kinh tế").hits.empty());
    servers.each[0]->stop();
    try {
        (void)remote.search("kinh tế");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::shard_unavailable);
        CHECK(std::string(e.what()).find(servers.each[0]->address()) != std::string::npos);
    }
}

TEST_CASE("remote shards: a port with nothing listening fails fast, a silent one in the timeout") {
    const Layouts l;
    const unsigned closed = test::free_loopback_port();
    const test::SilentListener silent;
    const std::string closed_name = "127.0.0.1:" + std::to_string(closed);
    const std::string silent_name = "127.0.0.1:" + std::to_string(silent.port());
    SearcherOptions o;
    o.remote_timeout_ms = 300;
    o.remote_connect_timeout_ms = 300;
    const auto start = std::chrono::steady_clock::now();
    const Searcher searcher(l.stub("down.stub", {"glass " + l.shard_paths[0],
                                                 "remote " + closed_name, "remote " + silent_name}),
                            o);
    const SearchResults r = searcher.search("kinh tế");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 2.0);
    CHECK(r.missing_shards == std::vector<std::string>{closed_name, silent_name});
    REQUIRE(!r.hits.empty());
    for (const Hit& h : r.hits) CHECK(l.shard_ids[0].contains(h.id));

    // With the default timeouts, a refused port alone costs nothing like them.
    const auto again = std::chrono::steady_clock::now();
    const Searcher refused(l.stub("refused.stub", {"remote " + closed_name}));
    try {
        (void)refused.search("kinh tế");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::shard_unavailable);
    }
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - again).count() < 2.0);
}

// Xapian 1.4's remote protocol serves no synonyms (RemoteDatabase::open_synonym_termlist is
// empty), and the index keeps the unaccented-to-accented spellings there: over remote shards, an
// unaccented query is restored to no spelling and matches only where the document itself was
// typed without diacritics, and no suggestion is made. Accented queries are unaffected (above).
TEST_CASE("remote shards: unaccented queries lose diacritic restoration (no remote synonyms)") {
    const Layouts l;
    const Servers servers(l);
    const Searcher one(l.one);
    const Searcher remote(l.stub("remote.stub", servers.lines()));
    const Searcher mixed(l.stub(
        "mixed.stub", {"glass " + l.shard_paths[0], servers.lines()[1], servers.lines()[2]}));
    const SearchResults local = one.search("kinh te");
    REQUIRE(!local.hits.empty());
    CHECK(local.suggestion == "kinh tế");
    const SearchResults far = remote.search("kinh te");
    CHECK(far.hits.empty());
    CHECK(far.suggestion.empty());
    // A local line brings its own synonyms: restored from that shard's, the query finds the
    // documents of every shard.
    const SearchResults part = mixed.search("kinh te");
    CHECK(!part.hits.empty());
}

TEST_CASE("remote shards: a shard that fails during a search is left out of that search") {
    const Layouts l;
    const Servers servers(l);
    test::TcpProxy proxy(servers.each[1]->port());
    const Searcher remote(l.stub(
        "proxied.stub", {servers.lines()[0], "remote " + proxy.address(), servers.lines()[2]}));
    std::vector<Document> left = l.routed[0];
    left.insert(left.end(), l.routed[2].begin(), l.routed[2].end());
    test::write_index(l.dir / "two", left);
    const Searcher two_left(l.dir / "two");
    const Searcher one(l.one);
    SearchOptions o;
    o.limit = 30;
    o.threads = 1;
    const char* query = "phát triển kinh tế";
    check_same(remote.search(query, o), one.search(query, o));
    const std::size_t before = proxy.exchanges();
    (void)remote.search(query, o);
    const std::size_t per_search = proxy.exchanges() - before;
    // The first exchange of a search is the reopen before it; the cut falls inside the match.
    REQUIRE(per_search >= 4);
    proxy.cut_at(3);
    const SearchResults cut = remote.search(query, o);
    CHECK(cut.missing_shards == std::vector<std::string>{proxy.address()});
    check_same(cut, two_left.search(query, o));
    proxy.forward_again();
    const SearchResults back = remote.search(query, o);
    CHECK(back.missing_shards.empty());
    check_same(back, one.search(query, o));
}

TEST_CASE("remote shards: a shard the helper thread cannot reach is left out of both handles") {
    const Layouts l;
    const Servers servers(l);
    test::TcpProxy proxy(servers.each[1]->port());
    const Searcher remote(l.stub(
        "proxied.stub", {servers.lines()[0], "remote " + proxy.address(), servers.lines()[2]}));
    std::vector<Document> left = l.routed[0];
    left.insert(left.end(), l.routed[2].begin(), l.routed[2].end());
    test::write_index(l.dir / "two", left);
    const Searcher two_left(l.dir / "two");
    SearchOptions o;
    o.limit = 30;
    o.threads = 1;
    const char* query = "phát triển kinh tế";
    CHECK(remote.search(query, o).missing_shards.empty());
    // The first two-thread search opens both handles anew: this thread's reaches the shard, the
    // helper's does not. A shard in one handle only would renumber the other shards' documents.
    proxy.accept_only(1);
    o.threads = 2;
    const SearchResults r = remote.search(query, o);
    CHECK(r.missing_shards == std::vector<std::string>{proxy.address()});
    check_same(r, two_left.search(query, o));
    proxy.forward_again();
    CHECK(remote.search(query, o).missing_shards.empty());
}

TEST_CASE("remote shards: a `remote :PROGRAM` line runs xapian-progsrv; a bad program is missing") {
    const Layouts l;
    const Searcher one(l.one);
    const Searcher piped(l.stub(
        "piped.stub", {"glass " + l.shard_paths[0], "remote :xapian-progsrv " + l.shard_paths[1],
                       "glass " + l.shard_paths[2]}));
    const Searcher broken(l.stub("broken.stub", {"glass " + l.shard_paths[0],
                                                 "remote :/nonexistent/progsrv " + l.shard_paths[1],
                                                 "glass " + l.shard_paths[2]}));
    SearchOptions o;
    o.limit = 20;
    const char* query = "tăng trưởng kinh tế";
    const SearchResults got = piped.search(query, o);
    CHECK(got.missing_shards.empty());
    check_same(got, one.search(query, o));
    const SearchResults without = broken.search(query, o);
    CHECK(without.missing_shards ==
          std::vector<std::string>{":/nonexistent/progsrv " + l.shard_paths[1]});
    REQUIRE(!without.hits.empty());
    for (const Hit& h : without.hits) CHECK(!l.shard_ids[1].contains(h.id));
}

// Round trips a search makes to each remote shard, counted by a proxy in front of each server
// (tests/support/tcp_proxy.hpp: a burst of requests after an answer is one exchange). What a
// search over remote shards may ask each shard (search/term_stats.hpp, search/remote_match.hpp;
// a match is two exchanges, every shard at once):
//   the reopen before it                                                     1
//   the query's term statistics: a match per build round                     2 * rounds
//   (and a field's check once per revision: 2 per field, in the first search)
//   the first pass, the summary evidence, the rerank's terms (52 a match)    2 + 2 + 2
//   proximity: a match per pair, at most proximity_checks / min_depth        2 * pairs
//   the partial check (the top hit's termlist on its shard, or a match)      2
//   the page's stored records                                                2
// Nothing grows with the hits of the page, and with the words only the build rounds (the
// builder's chains of questions, 8 at most) and the proximity pairs (12 at most) do.
TEST_CASE("remote shards: round trips per search do not grow with the words or the hits") {
    const Layouts l;
    const Servers servers(l);
    std::vector<std::unique_ptr<test::TcpProxy>> proxies;
    std::vector<std::string> lines;
    for (const auto& s : servers.each) {
        proxies.push_back(std::make_unique<test::TcpProxy>(s->port()));
        lines.push_back("remote " + proxies.back()->address());
    }
    const Searcher remote(l.stub("proxied.stub", lines));
    const Searcher one(l.one);
    // The most exchanges any one shard saw in `search`.
    const auto exchanges = [&](const std::string& query, const SearchOptions& o) {
        std::vector<std::size_t> before;
        for (const auto& p : proxies) before.push_back(p->exchanges());
        const SearchResults got = remote.search(query, o);
        check_same(got, one.search(query, o));
        std::size_t most = 0;
        for (std::size_t i = 0; i < proxies.size(); ++i)
            most = std::max(most, proxies[i]->exchanges() - before[i]);
        return most;
    };
    (void)remote.search("học sinh");  // opens the connections; reads the fields' checks
    // From one word to eleven (five proximity pairs), and from 5 hits to 40; each query new to
    // the searcher, so its term statistics are fetched.
    const char* queries[] = {"kinh tế", "phát triển kinh tế", "phát triển kinh tế biển đảo",
                             "thành phố giao thông học sinh phát triển kinh tế biển đảo hà nội",
                             "biển"};
    std::size_t most = 0, fewest = static_cast<std::size_t>(-1);
    std::string seen;  // exchanges a shard, per search
    for (const std::size_t limit : {5, 40}) {
        for (const int threads : {1, 2}) {
            for (const char* q : queries) {
                SearchOptions o;
                o.limit = limit;
                o.threads = threads;
                const std::string query = q;
                CAPTURE(query);
                CAPTURE(limit);
                CAPTURE(threads);
                const std::size_t n = exchanges(query, o);
                seen += query + ", " + std::to_string(limit) + " hits, " + std::to_string(threads) +
                        " threads: " + std::to_string(n) + "\n";
                most = std::max(most, n);
                fewest = std::min(fewest, n);
            }
        }
    }
    // Three build rounds and five pairs at most here: 1 + 2 * 3 + 6 + 2 * 5 + 2 + 2.
    INFO(seen);
    CHECK(most <= 27);
    CHECK(fewest >= 3);
}
