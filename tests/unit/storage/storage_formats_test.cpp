// The storage wire formats octgate reads and writes: Azure List Blobs XML and error XML, the GCS
// objects list JSON, percent-encoding of object names, Base64.
#include <gtest/gtest.h>

#include "storage/azure_list_xml.h"
#include "storage/gcs_object_store.h"
#include "storage/url_encoding.h"

namespace octgate::storage {
namespace {

TEST(AzureListBlobsXml, ReadsNamesSizesAndTheNextMarker) {
  const char* xml = R"(<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/devstoreaccount1" ContainerName="images">
 <Prefix>exam1/</Prefix><Marker/><MaxResults>2</MaxResults>
 <Blobs><Blob><Name>exam1/file.045</Name><Properties><Creation-Time>Mon, 30 Nov 2026 09:08:42 GMT</Creation-Time>
   <Etag>0x1</Etag><Content-Length>21</Content-Length><Content-Type>application/octet-stream</Content-Type>
   <BlobType>BlockBlob</BlobType></Properties></Blob><Blob><Name>exam1/a &amp; b &lt;c&gt; &#233;&#x263A;.png</Name>
   <Properties><Content-Length>7</Content-Length></Properties></Blob></Blobs>
 <NextMarker>exam1/file.046</NextMarker></EnumerationResults>)";
  auto page = parse_azure_list_blobs(xml);
  ASSERT_TRUE(page) << page.status().message();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].name, "exam1/file.045");
  EXPECT_EQ(page->objects[0].size, 21u);
  EXPECT_EQ(page->objects[1].name, "exam1/a & b <c> \xC3\xA9\xE2\x98\xBA.png");
  EXPECT_EQ(page->objects[1].size, 7u);
  EXPECT_EQ(page->next_page_token, "exam1/file.046");
}

TEST(AzureListBlobsXml, LastPageHasAnEmptyNextMarkerAndEmptyListingsHaveNoBlobs) {
  auto last = parse_azure_list_blobs(
      "<EnumerationResults><Blobs><Blob><Name>x</Name></Blob></Blobs><NextMarker/></EnumerationResults>");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->objects.size(), 1u);
  EXPECT_TRUE(last->next_page_token.empty());
  auto empty = parse_azure_list_blobs("<EnumerationResults ContainerName=\"c\"><Blobs /><NextMarker /></EnumerationResults>");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->objects.empty());
  EXPECT_TRUE(empty->next_page_token.empty());
}

TEST(AzureListBlobsXml, EncodedNamesArePercentDecoded) {
  auto page = parse_azure_list_blobs(
      "<EnumerationResults><Blobs><Blob><Name Encoded=\"true\">a%01b</Name></Blob></Blobs></EnumerationResults>");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->objects[0].name, std::string("a\x01" "b"));
}

TEST(AzureListBlobsXml, BlobPrefixesAndMetadataNamedLikeElementsAreNotObjects) {
  auto page = parse_azure_list_blobs(
      "<EnumerationResults><Blobs><BlobPrefix><Name>exam1/</Name></BlobPrefix><Blob><Name>n</Name>"
      "<Metadata><NameX>v</NameX></Metadata></Blob></Blobs><NextMarker>m</NextMarker></EnumerationResults>");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].name, "n");
  EXPECT_EQ(page->next_page_token, "m");
}

TEST(AzureListBlobsXml, AnythingElseIsAnError) {
  EXPECT_FALSE(parse_azure_list_blobs("<html>proxy error</html>"));
  EXPECT_FALSE(parse_azure_list_blobs("<EnumerationResults><Blobs><Blob><Properties/></Blob></Blobs></EnumerationResults>"));
}

TEST(AzureErrorXml, ReadsCodeAndTheFirstLineOfTheMessage) {
  auto error = parse_azure_error(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ContainerNotFound</Code><Message>The "
      "specified container does not exist.\nRequestId:1\nTime:2026</Message></Error>");
  EXPECT_EQ(error.code, "ContainerNotFound");
  EXPECT_EQ(error.message, "The specified container does not exist.");
  EXPECT_TRUE(parse_azure_error("not xml").code.empty());
}

TEST(GcsListJson, ReadsItemsSizesAndTheNextPageToken) {
  auto page = parse_gcs_list_page(
      R"({"kind":"storage#objects","nextPageToken":"exam1/file.047","items":[
          {"kind":"storage#object","name":"exam1/file.045","size":"185000","bucket":"b"},
          {"name":"exam1/a b+c.png","size":"3"}]})");
  ASSERT_TRUE(page) << page.status().message();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].name, "exam1/file.045");
  EXPECT_EQ(page->objects[0].size, 185000u);
  EXPECT_EQ(page->objects[1].name, "exam1/a b+c.png");
  EXPECT_EQ(page->next_page_token, "exam1/file.047");
}

TEST(GcsListJson, EmptyListingHasNoItemsAndNoToken) {
  auto page = parse_gcs_list_page(R"({"kind":"storage#objects"})");
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->objects.empty());
  EXPECT_TRUE(page->next_page_token.empty());
  EXPECT_FALSE(parse_gcs_list_page("<html/>"));
  EXPECT_FALSE(parse_gcs_list_page(R"({"items":[{"size":"1"}]})"));
}

TEST(PercentEncoding, EncodesEverythingButUnreservedAndKeptCharacters) {
  EXPECT_EQ(percent_encode("exam1/a b+c.048"), "exam1%2Fa%20b%2Bc.048");
  EXPECT_EQ(percent_encode("exam1/a b+c.048", "/"), "exam1/a%20b%2Bc.048");
  EXPECT_EQ(percent_encode("\xC3\xA9#?%"), "%C3%A9%23%3F%25");
  EXPECT_EQ(percent_decode("exam1%2Fa%20b%2Bc"), "exam1/a b+c");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz"), "%zz");
}

}  // namespace
}  // namespace octgate::storage
