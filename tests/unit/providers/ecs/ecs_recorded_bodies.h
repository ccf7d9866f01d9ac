// Response bodies of the ECS management API as documented in reference/ecs-management-api.md
// (ECS 3.x API reference examples and recorded client fixtures), for the ECS unit tests.
#pragma once

namespace osp::providers::ecs::recorded {

inline constexpr char kLoggedIn[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><loggedIn><user>root</user></loggedIn>)";

inline constexpr char kLoggedOut[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><LoggedOut><user>root</user></LoggedOut>)";

inline constexpr char kNamespace[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<namespace>
  <id>ns1</id><inactive>false</inactive><link rel="self" href="/object/namespaces/namespace/ns1"/>
  <name>ns1</name>
  <default_bucket_block_size>-1</default_bucket_block_size>
  <is_compliance_enabled>false</is_compliance_enabled>
  <is_encryption_enabled>false</is_encryption_enabled>
  <is_stale_allowed>false</is_stale_allowed>
  <allowed_vpools_list>urn:storageos:ReplicationGroupInfo:7b6e12ad-0001:global</allowed_vpools_list>
  <namespace_admins>noadmin</namespace_admins>
  <default_data_services_vpool>urn:storageos:ReplicationGroupInfo:7b6e12ad-0001:global</default_data_services_vpool>
</namespace>)";

inline constexpr char kVpools[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<data_service_vpools>
  <data_service_vpool>
    <creation_time>1450069960578</creation_time>
    <id>urn:storageos:ReplicationGroupInfo:2ef0a92d-cf88-4933-90ba-90245aa031b1:global</id>
    <inactive>false</inactive><tags/>
    <isAllowAllNamespaces>true</isAllowAllNamespaces>
    <description></description>
    <name>rg1</name>
    <varrayMappings><name>urn:storageos:VirtualDataCenterData:a</name><value>urn:storageos:VirtualArray:b</value></varrayMappings>
  </data_service_vpool>
  <data_service_vpool>
    <id>urn:storageos:ReplicationGroupInfo:7b6e12ad-0001:global</id>
    <name>rg-default</name>
  </data_service_vpool>
</data_service_vpools>)";

inline constexpr char kUserCreated[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><user_secret_key><link rel="self" href="/object/user-secret-keys/cs-acct1"/></user_secret_key>)";

inline constexpr char kUserInfo[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><user_info><namespace>ns1</namespace><name>cs-acct1</name><locked>false</locked><created>Wed Feb 25 11:16:48 UTC 2015</created></user_info>)";

inline constexpr char kUserInfoOtherNamespace[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><user_info><namespace>ns2</namespace><name>cs-acct1</name><locked>false</locked><created>Wed Feb 25 11:16:48 UTC 2015</created></user_info>)";

inline constexpr char kUsers[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<users>
  <blobuser><namespace>ns1</namespace><userid>cs-acct1</userid></blobuser>
  <blobuser><namespace>ns1</namespace><userid>cs-acct2</userid></blobuser>
  <MaxUsers>2</MaxUsers><NextMarker>cs-acct2</NextMarker><Filter>namespace=ns1</Filter>
</users>)";

inline constexpr char kSecretKeysOne[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<user_secret_keys>
  <secret_key_1>iawfF9GFD7A4GeC9k9KniWArdZbtzofSC42Kcr1z</secret_key_1>
  <secret_key_1_exist>true</secret_key_1_exist>
  <key_timestamp_1>2015-02-25 11:16:50.632</key_timestamp_1>
  <key_expiry_timestamp_1></key_expiry_timestamp_1>
  <secret_key_2></secret_key_2>
  <secret_key_2_exist>false</secret_key_2_exist>
  <key_timestamp_2></key_timestamp_2>
  <key_expiry_timestamp_2></key_expiry_timestamp_2>
  <link rel="self" href="/object/secret-keys"/>
</user_secret_keys>)";

inline constexpr char kSecretKeysTwo[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<user_secret_keys>
  <secret_key_1>iawfF9GFD7A4GeC9k9KniWArdZbtzofSC42Kcr1z</secret_key_1>
  <secret_key_1_exist>true</secret_key_1_exist>
  <key_timestamp_1>2015-02-25 11:16:50.632</key_timestamp_1>
  <key_expiry_timestamp_1>2015-02-25 12:16:50.632</key_expiry_timestamp_1>
  <secret_key_2>R6JUtI6hK2rDxY2fKuaQ51OL2tfyoHjPp8xL2y3T</secret_key_2>
  <secret_key_2_exist>true</secret_key_2_exist>
  <key_timestamp_2>2015-02-25 11:17:00.100</key_timestamp_2>
  <key_expiry_timestamp_2></key_expiry_timestamp_2>
  <link rel="self" href="/object/secret-keys"/>
</user_secret_keys>)";

inline constexpr char kSecretKeysNone[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<user_secret_keys>
  <secret_key_1></secret_key_1><secret_key_1_exist>false</secret_key_1_exist>
  <key_timestamp_1></key_timestamp_1><key_expiry_timestamp_1></key_expiry_timestamp_1>
  <secret_key_2></secret_key_2><secret_key_2_exist>false</secret_key_2_exist>
  <key_timestamp_2></key_timestamp_2><key_expiry_timestamp_2></key_expiry_timestamp_2>
  <link rel="self" href="/object/secret-keys"/>
</user_secret_keys>)";

// "Hide secret key": the slot is in use but its secret is not returned.
inline constexpr char kSecretKeysHidden[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<user_secret_keys>
  <secret_key_1></secret_key_1><secret_key_1_exist>true</secret_key_1_exist>
  <secret_key_1_id>5d41402abc4b2a76b9719d911017c592</secret_key_1_id>
  <key_timestamp_1>2015-02-25 11:16:50.632</key_timestamp_1><key_expiry_timestamp_1></key_expiry_timestamp_1>
  <secret_key_2></secret_key_2><secret_key_2_exist>false</secret_key_2_exist>
  <key_timestamp_2></key_timestamp_2><key_expiry_timestamp_2></key_expiry_timestamp_2>
</user_secret_keys>)";

inline constexpr char kNewSecretKey[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<user_secret_key>
  <secret_key>R6JUtI6hK2rDxY2fKuaQ51OL2tfyoHjPp8xL2y3T</secret_key>
  <key_timestamp>2013-09-30 20:27:25.946</key_timestamp>
  <key_expiry_timestamp></key_expiry_timestamp>
  <link href="/object/user-secret-keys/testlogin" rel="self"/>
</user_secret_key>)";

inline constexpr char kBucketCreated[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><object_bucket><id>ns1.acct1-data</id><inactive>false</inactive><name>acct1-data</name><tags/></object_bucket>)";

inline constexpr char kBucketInfo[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<bucket_info>
  <name>acct1-data</name><id>ns1.acct1-data</id>
  <link rel="self" href="/object/bucket/ns1.acct1-data"/>
  <api_type>S3</api_type><owner>cs-acct1</owner>
  <created>2017-07-11T16:26:13.357Z</created>
  <namespace>ns1</namespace>
  <vpool>urn:storageos:ReplicationGroupInfo:2ef0a92d-cf88-4933-90ba-90245aa031b1:global</vpool>
  <block_size>10</block_size><notification_size>-1</notification_size><softquota>-1</softquota>
  <fs_access_enabled>false</fs_access_enabled>
  <is_encryption_enabled>true</is_encryption_enabled>
  <is_stale_allowed>false</is_stale_allowed><is_tso_read_only>false</is_tso_read_only>
  <locked>false</locked>
  <default_retention>0</default_retention><retention>0</retention>
  <auto_commit_period>0</auto_commit_period><audit_delete_expiration>-2</audit_delete_expiration>
  <min_max_governor><enforce_retention>false</enforce_retention></min_max_governor>
  <search_metadata><isEnabled>false</isEnabled><maxKeys>0</maxKeys></search_metadata>
  <TagSet><Tag><Key>project</Key><Value>blue</Value></Tag></TagSet>
</bucket_info>)";

inline constexpr char kBuckets[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<object_buckets>
  <Filter>namespace=ns1&amp;name=*</Filter>
  <object_bucket><name>acct1-data</name><owner>cs-acct1</owner><namespace>ns1</namespace>
    <vpool>urn:storageos:ReplicationGroupInfo:2ef0a92d-cf88-4933-90ba-90245aa031b1:global</vpool>
    <created>2017-07-11T16:26:13.357Z</created>
    <block_size>-1</block_size><notification_size>-1</notification_size>
    <is_encryption_enabled>false</is_encryption_enabled><TagSet/></object_bucket>
  <object_bucket><name>acct2-logs</name><owner>cs-acct2</owner><namespace>ns1</namespace>
    <vpool>urn:storageos:ReplicationGroupInfo:2ef0a92d-cf88-4933-90ba-90245aa031b1:global</vpool>
    <created>2017-07-12T10:00:00.000Z</created>
    <block_size>5</block_size><notification_size>4</notification_size>
    <is_encryption_enabled>TRUE</is_encryption_enabled><TagSet/></object_bucket>
  <MaxBuckets>2</MaxBuckets><NextMarker>acct2-logs</NextMarker>
</object_buckets>)";

inline constexpr char kQuota[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><bucket_quota_details><blockSize>10</blockSize><bucketname>acct1-data</bucketname><namespace>ns1</namespace><notificationSize>8</notificationSize></bucket_quota_details>)";

inline constexpr char kBilling[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<bucket_billing_info>
  <name>acct1-data</name><namespace>ns1</namespace><vpool_id>urn:storageos:ReplicationGroupInfo:x:global</vpool_id>
  <total_size>123.0</total_size><total_size_unit>KB</total_size_unit><total_objects>42</total_objects>
  <sample_time>2015-04-13T08:26:00Z</sample_time><uptodate_till>2015-04-13T08:30:00Z</uptodate_till>
  <total_mpu_size>0.0</total_mpu_size><total_mpu_parts>0</total_mpu_parts>
</bucket_billing_info>)";

inline constexpr char kError1004[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<error>
  <code>1004</code>
  <description>Request parameter cannot be found</description>
  <details>Unable to find entity with the given id testbucket2</details>
  <retryable>false</retryable>
</error>)";

inline constexpr char kError2000[] = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<error><code>2000</code><description>Unable to find entity specified in URL</description><details>Unable to find entity specified in URL with the given id cs-acct9</details><retryable>false</retryable></error>)";

}  // namespace osp::providers::ecs::recorded
