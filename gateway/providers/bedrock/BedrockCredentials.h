#pragma once

#include "SigV4.h"

#include <QString>

namespace gatehouse {

struct BedrockKeyConfig;

// How one Bedrock request authenticates: signed with an AWS identity, or
// (a Bedrock API key in the key's "value") with a bearer token.
struct BedrockAuth {
    aws::Credentials credentials;
    QString bearerToken;
    QString region;
};

// Resolves the identity at call time, so rotated environment variables and
// credential files are picked up without a reload. In order:
//   1. the key's bedrock_key_config access_key/secret_key/session_token
//      (each may be "env.VAR");
//   2. the key's bedrock_key_config profile, a profile of
//      ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE names another file);
//      missing there, it is an error;
//   3. the key's "value", as a Bedrock API key (bearer token);
//   4. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN;
//   5. the AWS_PROFILE profile (default "default") of the credentials file.
// The region: bedrock_key_config.region, the key's profile's region in
// ~/.aws/config (AWS_CONFIG_FILE names another file), AWS_REGION,
// AWS_DEFAULT_REGION, else us-east-1. False with a message saying what to
// set when none works.
bool resolveBedrockAuth(const BedrockKeyConfig *key, const QString &apiKey, BedrockAuth *out,
                        QString *error);

// One profile of an AWS shared credentials file (INI: [profile], then
// aws_access_key_id, aws_secret_access_key, aws_session_token). Empty
// credentials when the file or the profile is missing.
aws::Credentials readCredentialsFile(const QString &path, const QString &profile);

}  // namespace gatehouse
