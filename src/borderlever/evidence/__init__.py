"""Evidence: did border pressure ever move security outcomes?

- :mod:`~borderlever.evidence.catalogue`: past episodes (levers and confounding events), strict YAML;
- :mod:`~borderlever.evidence.counterfactual`: OLS and structural time-series counterfactuals;
- :mod:`~borderlever.evidence.event_study`: effects at 1/3/6 months, placebos, confounder flag;
- :mod:`~borderlever.evidence.episode_study`: one episode over several series, model check;
- :mod:`~borderlever.evidence.pooling`: one series over several episodes, pooled effect;
- :mod:`~borderlever.evidence.series`: named store series (SQL registry; query injected);
- :mod:`~borderlever.evidence.claims`: claim checker;
- :mod:`~borderlever.evidence.figures`: plotly figures.

Pure model code: no store or CLI imports; the CLI passes data and a query function in.
"""
