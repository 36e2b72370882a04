// How many employees the graph holds, as {count}.
MATCH (e:Employee)
RETURN count(e) AS count
