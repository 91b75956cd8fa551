from tests.helpers.sandbox import asgi_client, sandbox_app, sandbox_config  # noqa: F401
