"""The delivery plan in every format a resident or officer may want: the accessible web page and
PDF (``layout``, ``pdf``), and the open-data downloads (``tabular`` for CSV and XLSX, ``open_data``
for JSON). All of them read the layout in ``cspplan.delivery_table``."""


def download_filename(plan, extension: str) -> str:
    """e.g. ``west-lancashire-2011-12-delivery-plan.csv``: the plan's slug is already safe in a
    file name and in a Content-Disposition header."""
    return f"{plan.slug}-delivery-plan.{extension}"
