"""The PostgreSQL backend that logs the application in as the app role (see ``base``)."""
