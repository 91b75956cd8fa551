from tests.helpers.secret_service import private_secret_service  # noqa: F401
