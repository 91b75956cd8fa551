"""One ``ApiError`` subclass per Capture code the app reacts to, each with a plain ``meaning``.

Defining a class with ``CODE`` registers it for ``ApiError.from_payload``.
"""

from __future__ import annotations

from capture_desktop.api.errors._base import (
    ArgumentError,
    AuthorizationError,
    RecordError,
    SchemaViolation,
    ServerError,
    SignInError,
    TokenExpired,
)

# Each class: the exact code, Capture's error name, and what it means in plain words.


class MissingArgument(ArgumentError):
    CODE, NAME = 100, "missing_argument"
    meaning = "A required argument was not supplied."


class InvalidArgument(ArgumentError):
    CODE, NAME = 200, "invalid_argument"
    meaning = "An argument has a value Capture cannot accept (see the argument name)."


class DuplicateArgument(ArgumentError):
    CODE, NAME = 201, "duplicate_argument"
    meaning = "Two arguments conflict, e.g. both an id and a uuid were given."


class InvalidAuthMethod(ArgumentError):
    CODE, NAME = 205, "invalid_auth_method"
    meaning = "The authentication method is not one Capture accepts here."


class InvalidCredentials(SignInError):
    CODE, NAME = 210, "invalid_credentials"
    meaning = "The user name and password do not match."


class NoPassword(SignInError):
    CODE, NAME = 211, "no_password"
    meaning = "This account signs in through a social provider and has no password."


class NoSuchAccount(SignInError):
    CODE, NAME = 212, "no_such_account"
    meaning = "No account exists with that email address."


class PasswordIncorrect(SignInError):
    CODE, NAME = 213, "password_incorrect"
    meaning = "The password is wrong for this account."


class UnknownApplication(ArgumentError):
    CODE, NAME = 221, "unknown_application"
    meaning = "The application does not exist."


class UnknownEntityType(ArgumentError):
    CODE, NAME = 222, "unknown_entity_type"
    meaning = "The entity type does not exist in this application."


class UnknownAttribute(ArgumentError):
    CODE, NAME = 223, "unknown_attribute"
    meaning = "The attribute does not exist in the schema."


class EntityTypeExists(ArgumentError):
    CODE, NAME = 232, "entity_type_exists"
    meaning = "An entity type with this name already exists."


class AttributeExists(ArgumentError):
    CODE, NAME = 233, "attribute_exists"
    meaning = "The entity type already has an attribute with this name."


class ReservedAttribute(ArgumentError):
    CODE, NAME = 234, "reserved_attribute"
    meaning = "System attributes (id, uuid, created, lastUpdated) cannot be written."


class ErrorCreatingRecord(RecordError):
    CODE, NAME = 300, "error_creating_record"
    meaning = "Capture could not create the record."


class RecordNotFound(RecordError):
    CODE, NAME = 310, "record_not_found"
    meaning = "No record matches the selector (it may have been deleted)."


class IdInNewRecord(RecordError):
    CODE, NAME = 320, "id_in_new_record"
    meaning = "New records and new plural elements must not carry an id."


class TimestampMismatch(RecordError):
    CODE, NAME = 330, "timestamp_mismatch"
    meaning = "The record changed since you read it; reload it and apply the change again."


class PasswordMismatch(RecordError):
    CODE, NAME = 350, "password_mismatch"
    meaning = "The password does not match the record's password attribute."


class EmailAddressInUse(RecordError):
    CODE, NAME = 380, "email_address_in_use"
    meaning = "Another account already uses this email address."


class InvalidFormFields(RecordError):
    CODE, NAME = 390, "invalid_form_fields"
    meaning = "Some form fields are invalid (see the field messages)."


class InvalidDataFormat(SchemaViolation):
    CODE, NAME = 340, "invalid_data_format"
    meaning = "A value is not formatted as its attribute type requires."


class InvalidJsonType(SchemaViolation):
    CODE, NAME = 341, "invalid_json_type"
    meaning = "A value has the wrong JSON type for its attribute (e.g. text for a number)."


class InvalidDateTime(SchemaViolation):
    CODE, NAME = 342, "invalid_date_time"
    meaning = "A date or date-time value is invalid or out of range."


class ConstraintViolation(SchemaViolation):
    CODE, NAME = 360, "constraint_violation"
    meaning = "A value breaks a constraint of its attribute."


class UniqueViolation(SchemaViolation):
    CODE, NAME = 361, "unique_violation"
    meaning = "Another record already has this value for a unique attribute."


class MissingRequiredAttribute(SchemaViolation):
    CODE, NAME = 362, "missing_required_attribute"
    meaning = "A required attribute is missing or empty."


class LengthViolation(SchemaViolation):
    CODE, NAME = 363, "length_violation"
    meaning = "A text value is longer than its attribute allows."


class InvalidClientCredentials(AuthorizationError):
    CODE, NAME = 402, "invalid_client_credentials"
    meaning = "The client id does not exist or the client secret (or signature) is wrong."


class ClientPermissionError(AuthorizationError):
    CODE, NAME = 403, "client_permission_error"
    meaning = "This API client lacks the feature (permission) needed for this operation."


class NoAccessGrant(AuthorizationError):
    CODE, NAME = 413, "no_access_grant"
    meaning = "The user's access grant was removed, so the code or token is no longer valid."


class AccessTokenExpired(TokenExpired):
    CODE, NAME = 414, "access_token_expired"
    meaning = "The access token has expired or is invalid; refresh it or sign in again."


class AuthorizationCodeExpired(TokenExpired):
    CODE, NAME = 415, "authorization_code_expired"
    meaning = "The authorization code has expired or was already used; request a new one."


class VerificationCodeExpired(TokenExpired):
    CODE, NAME = 416, "verification_code_expired"
    meaning = "The verification code has expired."


class CreationTokenExpired(TokenExpired):
    CODE, NAME = 417, "creation_token_expired"
    meaning = "The creation token has expired or was already used; get a new one."


class RedirectUriMismatch(AuthorizationError):
    CODE, NAME = 420, "redirect_uri_mismatch"
    meaning = (
        "The redirect_uri sent with the code exchange differs from the one the code was "
        "issued for. They must be identical, character for character."
    )


class ApiFeatureDisabled(AuthorizationError):
    CODE, NAME = 480, "api_feature_disabled"
    meaning = "This call is temporarily disabled by Capture (maintenance)."


class ContainsOperatorRemoved(ArgumentError):
    CODE, NAME = 485, "contains_operator_removed"
    meaning = "The filter uses the removed 'contains' operator; match whole values instead."


class UnexpectedError(ServerError):
    CODE, NAME = 500, "unexpected_error"
    meaning = "Capture had an unexpected internal error; try again later."


class RateLimited(ServerError):
    CODE, NAME = 510, "api_limit_error"
    meaning = "Too many simultaneous API calls; wait a moment and try again."


class TriggeredError(ServerError):
    CODE, NAME = 540, "triggered_error"
    meaning = "A flow rule on Capture rejected the request."
