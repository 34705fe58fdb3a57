"""Evidence: did border pressure ever move security outcomes?

- :mod:`~borderlever.evidence.catalogue`: past episodes (levers and confounding events), strict YAML;
- :mod:`~borderlever.evidence.table`: **the entry points**: :func:`~borderlever.evidence.table.
  study_outcome` (one episode, one outcome: headline chosen by placebo skill, baselines, fit
  check, identification) and :func:`~borderlever.evidence.table.evidence_table` (every lever
  episode x outcome x horizon, a DataFrame);
- :mod:`~borderlever.evidence.headline`: the headline study of one series (``HeadlineStudy``);
- :mod:`~borderlever.evidence.skill`: rolling-origin placebo skill and the choice rule;
- :mod:`~borderlever.evidence.forecasters`: the candidate counterfactuals (baselines, univariate,
  control-series models);
- :mod:`~borderlever.evidence.designs`: control series and simultaneous changes per episode;
- :mod:`~borderlever.evidence.claim_effects`: the claim checker's link to the same engine;
- :mod:`~borderlever.evidence.counterfactual`: OLS and structural time-series counterfactuals;
- :mod:`~borderlever.evidence.event_study`: effects at 1/3/6 months, placebos, confounder flag;
- :mod:`~borderlever.evidence.episode_study`: one episode over several series, model check;
- :mod:`~borderlever.evidence.pooling`: one series over several episodes, pooled effect;
- :mod:`~borderlever.evidence.series`: named store series (SQL registry; query injected);
- :mod:`~borderlever.evidence.claims`: claim checker;
- :mod:`~borderlever.evidence.figures`: plotly figures.

Pure model code: no store or CLI imports; the CLI passes data and a query function in.
"""
