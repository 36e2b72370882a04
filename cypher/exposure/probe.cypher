// Returns {ok: 1}; read only to learn the database's latest bookmark (has anything been written?).
RETURN 1 AS ok
