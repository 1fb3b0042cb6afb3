"""Parameters for the GOV.UK pagination component."""

from collections.abc import Callable


def govuk_pagination(current: int, pages: int, href_for: Callable[[int], str]):
    """Return govukPagination parameters, or None when there is only one page.

    The list shows the first and last pages, the current page and its
    neighbours, with an ellipsis for each gap, so a long list stays short.
    """
    if pages <= 1:
        return None
    page_numbers = sorted(
        number
        for number in {1, current - 1, current, current + 1, pages}
        if 1 <= number <= pages
    )
    items = []
    previous = 0
    for number in page_numbers:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "href": href_for(number), "current": number == current}
        )
        previous = number

    params: dict = {"items": items}
    if current > 1:
        params["previous"] = {"href": href_for(current - 1)}
    if current < pages:
        params["next"] = {"href": href_for(current + 1)}
    return params
