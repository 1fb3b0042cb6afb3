from flask import Blueprint, abort, render_template
from flask_login import login_required

from duty.guidance.topics import load_topics

bp = Blueprint("guidance", __name__, url_prefix="/guidance")


@bp.route("")
@login_required
def index():
    """List the guidance topics with the version and its changes."""
    return render_template("guidance/index.html", guidance=load_topics())


@bp.route("/<slug>")
@login_required
def topic(slug):
    """Show one guidance topic."""
    guidance = load_topics()
    topic = guidance["by_slug"].get(slug)
    if topic is None:
        abort(404)
    return render_template("guidance/topic.html", guidance=guidance, topic=topic)
