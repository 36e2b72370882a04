// What the automation exposure (DESIGN §4; graph/scoring/exposure.py) of each role in $ids is worked out from,
// as {role_id, tasks [[task id, PERFORMS weight, exposure]] (its own tasks), occupational [each mapped
// occupation's $occupation_property]}; ids that match no role are absent.
UNWIND $ids AS id
MATCH (r:Role {id: id})
RETURN id AS role_id,
       [(r)-[p:PERFORMS]->(k:Task) | [k.id, p.weight, k.exposure]] AS tasks,
       [(r)-[:MAPS_TO]->(o:Occupation) | o[$occupation_property]] AS occupational
