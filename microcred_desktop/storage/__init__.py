"""The catalogue on SQLite through SQLAlchemy: models, repositories, migrations, backup."""
