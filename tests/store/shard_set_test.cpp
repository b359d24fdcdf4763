// SPDX-License-Identifier: Apache-2.0
#include "store/shard_set.hpp"

#include <array>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <vnsearch/error.hpp>

#include "support/temp_dir.hpp"

using namespace vnsearch;
using vnsearch::test::TempDir;

TEST_CASE("shard_of: FNV-1a of the id, fixed forever (it is part of the index format)") {
    // Golden values: a change here moves documents to other shards in every existing index.
    CHECK(store::shard_of("", 1000) == 14695981039346656037ull % 1000);
    CHECK(store::shard_of("a", 1000) == 12638187200555641996ull % 1000);
    CHECK(store::shard_of("vn-001", 7) == store::shard_of(std::string("vn-001"), 7));
    CHECK(store::shard_of("anything", 1) == 0);
}

TEST_CASE("shard_of: ids spread evenly over the shards") {
    std::array<int, 4> counts{};
    for (int i = 0; i < 20000; ++i) ++counts[store::shard_of("doc-" + std::to_string(i), 4)];
    for (const int c : counts) CHECK((c > 4700 && c < 5300));
}

TEST_CASE("locate_index: a plain database folder is one local shard") {
    TempDir dir;
    { Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE); }
    const auto at = store::locate_index(dir / "db");
    CHECK(at.layout == store::IndexLocation::Layout::single);
    REQUIRE(at.shards.size() == 1);
    CHECK(at.shards[0].path == dir / "db");
    CHECK_FALSE(at.shards[0].is_remote());
}

TEST_CASE("locate_index: a sharded folder lists its shards in order, and Xapian opens it too") {
    TempDir dir;
    const std::string folder = dir / "idx";
    std::filesystem::create_directory(folder);
    for (std::uint32_t k = 0; k < 3; ++k) {
        Xapian::WritableDatabase shard(folder + "/" + store::shard_folder_name(k),
                                       Xapian::DB_CREATE);
        Xapian::Document doc;
        doc.add_boolean_term("Q" + std::to_string(k));
        shard.add_document(doc);
        shard.commit();
    }
    store::write_shard_stub(folder, 3);
    const auto at = store::locate_index(folder);
    CHECK(at.layout == store::IndexLocation::Layout::sharded);
    CHECK(at.declared_shards == 3);
    REQUIRE(at.shards.size() == 3);
    CHECK(at.shards[2].path == folder + "/shard-002");
    CHECK(Xapian::Database(folder).get_doccount() == 3);  // stock Xapian reads the same stub
}

TEST_CASE("locate_index: stub files mix local folders, nested stubs and remote shards") {
    TempDir dir;
    { Xapian::WritableDatabase db(dir / "local", Xapian::DB_CREATE); }
    std::filesystem::create_directory(dir / "sharded");
    for (std::uint32_t k = 0; k < 2; ++k) {
        Xapian::WritableDatabase(dir / "sharded" + "/" + store::shard_folder_name(k),
                                 Xapian::DB_CREATE);
    }
    store::write_shard_stub(dir / "sharded", 2);
    dir.write("front.stub",
              "# the front machine's view\n"
              "auto local\n"
              "glass sharded\n"
              "remote 10.0.0.12:33333\n"
              "remote [::1]:4000\n"
              "remote :ssh m3 xapian-progsrv /srv/shard\n");
    const auto at = store::locate_index(dir / "front.stub");
    CHECK(at.layout == store::IndexLocation::Layout::stub);
    REQUIRE(at.shards.size() == 6);
    CHECK(at.shards[0].path == dir / "local");
    CHECK(at.shards[2].path == dir / "sharded" + "/shard-001");
    CHECK(at.shards[3].name() == "10.0.0.12:33333");
    CHECK(at.shards[3].port == 33333);
    CHECK(at.shards[4].host == "::1");
    CHECK(at.shards[4].name() == "[::1]:4000");
    CHECK(at.shards[5].kind == store::ShardLocation::Kind::remote_program);
    CHECK(at.shards[5].program == "ssh m3 xapian-progsrv /srv/shard");
}

TEST_CASE("locate_index: what cannot be read is an error naming the file and line") {
    TempDir dir;
    struct Case {
        const char* why;
        const char* stub;
        Errc code;
    };
    const Case cases[] = {
        {"unknown backend", "chert db\n", Errc::invalid_input},
        {"remote without port", "remote host\n", Errc::invalid_input},
        {"port out of range", "remote host:70000\n", Errc::invalid_input},
        {"missing local shard", "glass nowhere\n", Errc::index_not_found},
        {"a stub naming itself", "auto self.stub\n", Errc::invalid_input},
    };
    for (const auto& c : cases) {
        INFO(std::string(c.why));
        dir.write("self.stub", c.stub);
        try {
            (void)store::locate_index(dir / "self.stub");
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == c.code);
        }
    }
    CHECK_THROWS_AS((void)store::locate_index(dir / "absent"), Error);
}

TEST_CASE("locate_index: a sharded folder whose stub lost a line is corrupt, not smaller") {
    TempDir dir;
    const std::string folder = dir / "idx";
    std::filesystem::create_directory(folder);
    for (std::uint32_t k = 0; k < 2; ++k) {
        Xapian::WritableDatabase(folder + "/" + store::shard_folder_name(k), Xapian::DB_CREATE);
    }
    dir.write("idx/XAPIANDB", "# vnsearch shards 3\nglass shard-000\nglass shard-001\n");
    try {
        (void)store::locate_index(folder);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::index_corrupt);
    }
}
