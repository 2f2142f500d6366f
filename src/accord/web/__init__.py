"""The dashboard and JSON API over the store: ``create_app(settings, db)`` in app.py."""
