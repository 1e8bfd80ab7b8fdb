"""Showing a refused request: one helper turns a :class:`~traceapp.errors.DomainError` into what the person sees.

A view writes the happy path inside the block; if a service refuses, the block stops there, the error is put
beside the form field it names (or at the top of the form, or flashed when there is no form), and the view
goes on after the block, usually to show the form again::

    with shows_refusal(form):
        inspection = create_inspection(current_user, form.to_input())
        flash(_("Inspection started."), "success")
        return redirect(url_for(...))
    return render_template("inspections/form.html", form=form)

The service's unit of work has already rolled back; nothing is left half-written.
"""

from __future__ import annotations

from types import TracebackType

from flask import flash

from traceapp.errors import DomainError


def put_error(form, exc: DomainError) -> None:
    """Show a domain error next to the field ``exc.field`` names, or at the top of the form."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, str(exc)]
    else:
        form.form_errors.append(str(exc))


def flash_form_errors(form) -> None:
    """For a form posted from a page it does not render again (a button on a record): its errors, WTForms' and
    ours (lazy translations, made text here), flashed as one message above the page it goes back to."""
    flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "error")


class shows_refusal:  # noqa: N801 - used as a statement, like contextlib.suppress
    """Context manager: a ``DomainError`` raised inside goes to ``form`` (or is flashed), and is swallowed.
    ``refused`` tells afterwards whether it happened, and ``error`` holds it."""

    def __init__(self, form=None) -> None:
        self.form = form
        self.error: DomainError | None = None

    @property
    def refused(self) -> bool:
        return self.error is not None

    def __enter__(self) -> shows_refusal:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        if not isinstance(exc, DomainError):
            return False
        self.error = exc
        if self.form is not None:
            put_error(self.form, exc)
        else:
            flash(str(exc), "error")
        return True
