-- speakers_load_all: every speaker with its aliases, and the version they belong to (one snapshot).
SELECT st.version, s.id, s.name, a.alias
FROM speakers_state st
LEFT
JOIN speakers s ON true
LEFT
JOIN LATERAL unnest(s.aliases) AS a(alias) ON true
ORDER BY s.id
