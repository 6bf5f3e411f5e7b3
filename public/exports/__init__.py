"""The delivery plan in every format a resident or officer may want: the accessible web page and
PDF (``layout``, ``pdf``), the open-data downloads (``tabular`` for CSV and XLSX, ``open_data``
for JSON) and the Word document officers edit (``word``). All of them read the layout in
``actions.delivery_table``; ``public.downloads`` names the downloaded files."""
