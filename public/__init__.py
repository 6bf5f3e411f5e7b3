"""The residents' side of the site: published plans, read without logging in.

``views`` holds thin views (one access helper each), ``queries`` the reads behind them (a fixed
number of queries per page), ``status`` the bridge to the RAG assessment of ``progress.rag``.
"""
