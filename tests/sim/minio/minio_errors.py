"""MinIO's error documents: MinioError names the code (status and default message from the
table below); json_response/xml_response render what MinIO sends for the admin API (JSON) and
for S3 (XML). Pure functions; thread-safe."""

import json
import secrets
import xml.sax.saxutils

from simlib.http_types import Response

HOST_ID = "dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8"

# code -> (HTTP status, message), as MinIO's cmd/api-errors.go words them.
_CODES = {
    "AccessDenied": (403, "Access Denied."),
    "AuthorizationHeaderMalformed": (400, "The authorization header is malformed."),
    "AuthorizationQueryParametersError": (400, "Error parsing the X-Amz-Credential parameter."),
    "BucketAlreadyOwnedByYou": (409, "Your previous request to create the named bucket "
                                     "succeeded and you already own it."),
    "EntityTooLarge": (400, "Your proposed upload exceeds the maximum allowed object size."),
    "InternalError": (500, "We encountered an internal error, please try again."),
    "InvalidAccessKeyId": (403, "The Access Key Id you provided does not exist in our records."),
    "MalformedPolicy": (400, "Policy has invalid resource."),
    "MalformedXML": (400, "The XML you provided was not well-formed or did not validate "
                          "against our published schema."),
    "MethodNotAllowed": (405, "The specified method is not allowed against this resource."),
    "MissingContentLength": (411, "You must provide the Content-Length HTTP header."),
    "NoSuchBucket": (404, "The specified bucket does not exist"),
    "NoSuchBucketPolicy": (404, "The bucket policy does not exist"),
    "RequestTimeTooSkewed": (403, "The difference between the request time and the server's "
                                  "time is too large."),
    "ServerSideEncryptionConfigurationNotFoundError": (
        404, "The server side encryption configuration was not found"),
    "ServiceUnavailable": (503, "The service is unavailable. Please retry."),
    "SignatureDoesNotMatch": (403, "The request signature we calculated does not match the "
                                   "signature you provided. Check your key and signing method."),
    "SlowDown": (503, "Please reduce your request rate"),
    "XAmzContentSHA256Mismatch": (400, "The provided 'x-amz-content-sha256' header does not "
                                       "match what was computed."),
    "XMinioAdminBucketQuotaExceeded": (400, "Bucket quota exceeded"),
    "XMinioAdminConfigBadJSON": (400, "JSON configuration provided is of incorrect format"),
    "XMinioAdminConfigTooLarge": (400, "Configuration data provided exceeds the allowed "
                                       "maximum of 262272 bytes"),
    "XMinioAdminInvalidAccessKey": (400, "The access key is invalid."),
    "XMinioAdminInvalidArgument": (400, "Invalid arguments specified."),
    "XMinioAdminInvalidSecretKey": (400, "The secret key is invalid."),
    "XMinioAdminNoSuchGroup": (404, "The specified group does not exist."),
    "XMinioAdminNoSuchPolicy": (404, "The canned policy does not exist."),
    "XMinioAdminNoSuchQuotaConfiguration": (404, "The quota configuration does not exist"),
    "XMinioAdminNoSuchUser": (404, "The specified user does not exist."),
    "XMinioAdminPolicyChangeAlreadyApplied": (400, "The specified policy change is already in "
                                                   "effect."),
    "XMinioAdminVersionMismatch": (426, "This 'admin' API is not supported by server in "
                                        "'mode-server-xl'"),
    "XMinioIAMActionNotAllowed": (400, "Specified IAM action is not allowed"),
    "XMinioIAMPolicyInUse": (400, "The policy cannot be removed, as it is in use"),
    "XMinioInvalidIAMCredentials": (403, "The security token included in the request is "
                                         "invalid"),
    "XMinioInvalidResource": (400, "Resource name contains bad components such as '..' or "
                                   "'.'."),
    "XMinioServerNotInitialized": (503, "Server not initialized, please try again."),
}


class MinioError(Exception):
    """An error to send back. `status` and `message` default to the table's."""

    def __init__(self, code, message=None, status=None, bucket=None, key=None):
        default_status, default_message = _CODES.get(code, (500, code))
        super().__init__(message or default_message)
        self.code = code
        self.status = status or default_status
        self.message = message or default_message
        self.bucket = bucket
        self.key = key


def default_code(status):
    """The code MinIO uses for a bare HTTP error status (fault injection)."""
    return {500: "InternalError", 503: "ServiceUnavailable", 403: "AccessDenied",
            404: "NoSuchBucket", 411: "MissingContentLength",
            426: "XMinioAdminVersionMismatch"}.get(status, "InternalError")


def _request_id():
    return secrets.token_hex(8).upper()


def _fields(error, resource):
    fields = [("Code", error.code), ("Message", error.message)]
    if error.key:
        fields.append(("Key", error.key))
    if error.bucket:
        fields.append(("BucketName", error.bucket))
    fields += [("Resource", resource), ("RequestId", _request_id()), ("HostId", HOST_ID)]
    return fields


def json_response(error, resource):
    """The admin API's JSON error document."""
    request_id = _request_id()
    doc = dict(_fields(error, resource))
    doc["RequestId"] = request_id
    return Response(error.status, json.dumps(doc).encode(), "application/json",
                    [("X-Amz-Request-Id", request_id)])


def xml_response(error, resource):
    """The S3 API's XML error document."""
    request_id = _request_id()
    parts = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"]
    for name, value in _fields(error, resource):
        if name == "RequestId":
            value = request_id
        parts.append("<%s>%s</%s>" % (name, xml.sax.saxutils.escape(value), name))
    parts.append("</Error>")
    return Response(error.status, "".join(parts).encode(), "application/xml",
                    [("X-Amz-Request-Id", request_id)])
