"""Flask extensions, created unbound and initialised in the app factory."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from duty.sandbox.binding import PracticeAwareSession


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base, session_options={"class_": PracticeAwareSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
