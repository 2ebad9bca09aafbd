// Azure SharedKey and service SAS: the exact strings-to-sign of the requests verified against
// Azurite (docs/storage-emulators.md), and signatures computed independently with openssl.
#include <gtest/gtest.h>

#include "storage/azure_connection_string.h"
#include "storage/azure_shared_key.h"

namespace octgate::storage {
namespace {

const std::string kKey(kDevelopmentAccountKey);
const char* kDate = "Mon, 30 Nov 2026 09:08:42 GMT";

TEST(AzureSharedKey, CreateContainerStringToSignHasTheAccountTwiceOnPathStyleEndpoints) {
  SignableRequest request{"PUT", "/devstoreaccount1/images", {{"restype", "container"}},
                          {{"x-ms-version", "2021-08-06"}, {"x-ms-date", kDate}, {"Content-Length", "0"}}};
  EXPECT_EQ(shared_key_string_to_sign("devstoreaccount1", request),
            "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 30 Nov 2026 09:08:42 GMT\nx-ms-version:2021-08-06\n"
            "/devstoreaccount1/devstoreaccount1/images\nrestype:container");
}

TEST(AzureSharedKey, PutBlobStringToSignCarriesLengthTypeAndBlobType) {
  SignableRequest request{"PUT", "/devstoreaccount1/images/exam2/file.001", {},
                          {{"Content-Type", "application/octet-stream"},
                           {"Content-Length", "6"},
                           {"x-ms-version", "2021-08-06"},
                           {"x-ms-date", kDate},
                           {"X-MS-Blob-Type", "BlockBlob"}}};
  EXPECT_EQ(shared_key_string_to_sign("devstoreaccount1", request),
            "PUT\n\n\n6\n\napplication/octet-stream\n\n\n\n\n\n\nx-ms-blob-type:BlockBlob\n"
            "x-ms-date:Mon, 30 Nov 2026 09:08:42 GMT\nx-ms-version:2021-08-06\n"
            "/devstoreaccount1/devstoreaccount1/images/exam2/file.001");
}

TEST(AzureSharedKey, ListStringToSignSortsDecodedQueryParameters) {
  SignableRequest request{"GET", "/devstoreaccount1/images",
                          {{"restype", "container"}, {"comp", "list"}, {"prefix", "exam1/"}, {"maxresults", "2"}},
                          {{"x-ms-date", kDate}, {"x-ms-version", "2021-08-06"}}};
  EXPECT_EQ(shared_key_string_to_sign("devstoreaccount1", request),
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 30 Nov 2026 09:08:42 GMT\nx-ms-version:2021-08-06\n"
            "/devstoreaccount1/devstoreaccount1/images\ncomp:list\nmaxresults:2\nprefix:exam1/\nrestype:container");
}

TEST(AzureSharedKey, ResourceKeepsThePathPercentEncodedAsSent) {
  SignableRequest request{"GET", "/devstoreaccount1/images/exam1/a%20b%2Bc.048", {},
                          {{"x-ms-date", kDate}, {"x-ms-version", "2021-08-06"}}};
  std::string s = shared_key_string_to_sign("devstoreaccount1", request);
  EXPECT_TRUE(s.ends_with("\n/devstoreaccount1/devstoreaccount1/images/exam1/a%20b%2Bc.048")) << s;
}

TEST(AzureSharedKey, RealAzureHostStyleEndpointHasTheAccountOnce) {
  SignableRequest request{"GET", "/images", {{"comp", "list"}, {"restype", "container"}},
                          {{"x-ms-date", kDate}, {"x-ms-version", "2021-08-06"}}};
  EXPECT_TRUE(shared_key_string_to_sign("acct", request).ends_with("\n/acct/images\ncomp:list\nrestype:container"));
}

TEST(AzureSharedKey, DateHeaderIsLeftEmptyWhenXMsDateIsSent) {
  SignableRequest with_ms{"GET", "/c", {}, {{"Date", "x"}, {"x-ms-date", kDate}}};
  SignableRequest without{"GET", "/c", {}, {{"Date", "Tue, 01 Dec 2026 00:00:00 GMT"}}};
  EXPECT_EQ(shared_key_string_to_sign("a", with_ms).find("\nx\n"), std::string::npos);
  EXPECT_NE(shared_key_string_to_sign("a", without).find("\nTue, 01 Dec 2026 00:00:00 GMT\n"), std::string::npos);
}

TEST(AzureSharedKey, AuthorizationIsHmacSha256OfTheStringToSignWithTheDecodedKey) {
  // Expected value computed with: printf '<string>' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | base64
  std::string to_sign =
      "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 30 Nov 2026 09:08:42 GMT\nx-ms-version:2021-08-06\n"
      "/devstoreaccount1/devstoreaccount1/images\nrestype:container";
  auto header = shared_key_authorization("devstoreaccount1", kKey, to_sign);
  ASSERT_TRUE(header) << header.status().message();
  EXPECT_EQ(*header, "SharedKey devstoreaccount1:aJD1zAIbDve74703d2u+bLQSnJOOfjtSuhJSmjbi02k=");
}

TEST(AzureSharedKey, KeyThatIsNotBase64IsAnError) {
  EXPECT_FALSE(shared_key_authorization("a", "not base64!", "x"));
}

TEST(AzureSas, ContainerSasStringToSignHasSixteenFieldsAndTheAccountOnce) {
  ServiceSasSpec spec;
  spec.permissions = "racwl";
  spec.expiry = "2030-01-01T00:00:00Z";
  spec.account = "devstoreaccount1";
  spec.container = "images";
  EXPECT_EQ(service_sas_string_to_sign(spec),
            "racwl\n\n2030-01-01T00:00:00Z\n/blob/devstoreaccount1/images\n\n\n\n2021-08-06\nc\n\n\n\n\n\n\n");
}

TEST(AzureSas, QueryCarriesTheSignatureUrlEncoded) {
  ServiceSasSpec spec;
  spec.permissions = "racwl";
  spec.expiry = "2030-01-01T00:00:00Z";
  spec.account = "devstoreaccount1";
  spec.container = "images";
  auto query = service_sas_query(spec, kKey);
  ASSERT_TRUE(query);
  // The signature the Azure SDK's generateBlobSASQueryParameters gives for the same inputs.
  EXPECT_EQ(*query, "sv=2021-08-06&sr=c&sp=racwl&se=2030-01-01T00%3A00%3A00Z&sig="
                    "MY0NpZKze54dsUPFpIy2xCrvYb2hdYgumuTxymrJHys%3D");
}

TEST(AzureSas, BlobSasNamesTheBlobInTheResource) {
  ServiceSasSpec spec;
  spec.permissions = "r";
  spec.expiry = "2030-01-01T00:00:00Z";
  spec.account = "acct";
  spec.container = "images";
  spec.blob = "exam/file.000";
  std::string s = service_sas_string_to_sign(spec);
  EXPECT_NE(s.find("\n/blob/acct/images/exam/file.000\n"), std::string::npos);
  EXPECT_NE(s.find("\n2021-08-06\nb\n"), std::string::npos);
}

TEST(AzureConnectionString, AzuriteStringWithCustomBlobEndpoint) {
  auto account = parse_azure_connection_string(
      "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + kKey +
      ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;");
  ASSERT_TRUE(account) << account.status().message();
  EXPECT_EQ(account->account_name, "devstoreaccount1");
  EXPECT_EQ(account->account_key, kKey);  // the trailing "==" survives splitting at '='
  EXPECT_EQ(account->blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_TRUE(account->sas_token.empty());
}

TEST(AzureConnectionString, AccountAndSuffixMakeTheDefaultEndpoint) {
  auto account = parse_azure_connection_string("AccountName=acct;AccountKey=" + kKey + ";EndpointSuffix=core.chinacloudapi.cn");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->blob_endpoint, "https://acct.blob.core.chinacloudapi.cn");
  auto plain = parse_azure_connection_string("accountname=acct; accountkey=" + kKey);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->blob_endpoint, "https://acct.blob.core.windows.net");
}

TEST(AzureConnectionString, SasOnlyStringTakesTheAccountFromTheEndpoint) {
  auto account = parse_azure_connection_string(
      "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2021-08-06&sr=c&sp=rl&sig=abc%3D");
  ASSERT_TRUE(account) << account.status().message();
  EXPECT_EQ(account->account_name, "acct");
  EXPECT_EQ(account->blob_endpoint, "https://acct.blob.core.windows.net");
  EXPECT_EQ(account->sas_token, "sv=2021-08-06&sr=c&sp=rl&sig=abc%3D");
  EXPECT_TRUE(account->account_key.empty());

  auto azurite = parse_azure_connection_string("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=?sv=1");
  ASSERT_TRUE(azurite);
  EXPECT_EQ(azurite->account_name, "devstoreaccount1");
  EXPECT_EQ(azurite->sas_token, "sv=1");
}

TEST(AzureConnectionString, DevelopmentStorageShortcut) {
  auto account = parse_azure_connection_string("UseDevelopmentStorage=true");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->account_name, "devstoreaccount1");
  EXPECT_EQ(account->blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(account->account_key, kKey);
}

TEST(AzureConnectionString, IncompleteStringsAreErrorsThatSayWhatIsMissing) {
  auto no_secret = parse_azure_connection_string("AccountName=acct");
  ASSERT_FALSE(no_secret);
  EXPECT_NE(no_secret.status().message().find("AccountKey"), std::string::npos);
  auto no_account = parse_azure_connection_string("AccountKey=" + kKey);
  ASSERT_FALSE(no_account);
  EXPECT_NE(no_account.status().message().find("AccountName"), std::string::npos);
  EXPECT_FALSE(parse_azure_connection_string("AccountName=acct;AccountKey=%%%notbase64"));
  EXPECT_FALSE(parse_azure_connection_string("garbage"));
}

}  // namespace
}  // namespace octgate::storage
