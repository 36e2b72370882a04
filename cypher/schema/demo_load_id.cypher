// Constraint: the record of the demo load (one, id 'demo': graph/demo/loading.py) has a unique id.
CREATE CONSTRAINT demo_load_id IF NOT EXISTS FOR (n:DemoLoad) REQUIRE n.id IS UNIQUE
