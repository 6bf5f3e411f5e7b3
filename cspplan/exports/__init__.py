"""The delivery plan in every format a resident or officer may want: the accessible web page and
PDF (``layout``, ``pdf``), the open-data downloads (``tabular`` for CSV and XLSX, ``open_data``
for JSON) and the Word document officers edit (``word``). All of them read the layout in
``cspplan.delivery_table``; ``cspplan.public_data_views`` names the downloaded files."""
