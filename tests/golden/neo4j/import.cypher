// Load zhkg's CSV files into a running Neo4j: copy them to the server's import directory, then
// run this script (cypher-shell -f import.cypher).
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT title_id IF NOT EXISTS FOR (n:Title) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT district_id IF NOT EXISTS FOR (n:District) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE;
LOAD CSV WITH HEADERS FROM 'file:///nodes_person.csv' AS row
MERGE (n:Person {id: row.`id:ID`})
SET n.name = row.name, n.titles = CASE row.`titles:string[]` WHEN '' THEN [] ELSE split(row.`titles:string[]`, ';') END,
    n.date = CASE row.date WHEN '' THEN null ELSE row.date END, n.district = CASE row.district WHEN '' THEN null ELSE row.district END;
LOAD CSV WITH HEADERS FROM 'file:///nodes_event.csv' AS row
MERGE (n:Event {id: row.`id:ID`})
SET n.name = row.name, n.titles = CASE row.`titles:string[]` WHEN '' THEN [] ELSE split(row.`titles:string[]`, ';') END,
    n.date = CASE row.date WHEN '' THEN null ELSE row.date END, n.district = CASE row.district WHEN '' THEN null ELSE row.district END;
LOAD CSV WITH HEADERS FROM 'file:///nodes_title.csv' AS row
MERGE (n:Title {id: row.`id:ID`})
SET n.name = row.name, n.titles = CASE row.`titles:string[]` WHEN '' THEN [] ELSE split(row.`titles:string[]`, ';') END,
    n.date = CASE row.date WHEN '' THEN null ELSE row.date END, n.district = CASE row.district WHEN '' THEN null ELSE row.district END;
LOAD CSV WITH HEADERS FROM 'file:///nodes_district.csv' AS row
MERGE (n:District {id: row.`id:ID`})
SET n.name = row.name, n.titles = CASE row.`titles:string[]` WHEN '' THEN [] ELSE split(row.`titles:string[]`, ';') END,
    n.date = CASE row.date WHEN '' THEN null ELSE row.date END, n.district = CASE row.district WHEN '' THEN null ELSE row.district END;
LOAD CSV WITH HEADERS FROM 'file:///nodes_institution.csv' AS row
MERGE (n:Institution {id: row.`id:ID`})
SET n.name = row.name, n.titles = CASE row.`titles:string[]` WHEN '' THEN [] ELSE split(row.`titles:string[]`, ';') END,
    n.date = CASE row.date WHEN '' THEN null ELSE row.date END, n.district = CASE row.district WHEN '' THEN null ELSE row.district END;
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'PRESIDED'
MATCH (a {id: row.`:START_ID`}), (b {id: row.`:END_ID`})
MERGE (a)-[r:PRESIDED]->(b)
SET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'SPOKE_AT'
MATCH (a {id: row.`:START_ID`}), (b {id: row.`:END_ID`})
MERGE (a)-[r:SPOKE_AT]->(b)
SET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'ATTENDED'
MATCH (a {id: row.`:START_ID`}), (b {id: row.`:END_ID`})
MERGE (a)-[r:ATTENDED]->(b)
SET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'HOLDS'
MATCH (a {id: row.`:START_ID`}), (b {id: row.`:END_ID`})
MERGE (a)-[r:HOLDS]->(b)
SET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'LOCATED_IN'
MATCH (a {id: row.`:START_ID`}), (b {id: row.`:END_ID`})
MERGE (a)-[r:LOCATED_IN]->(b)
SET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'ORGANIZED_BY'
MATCH (a {id: row.`:START_ID`}), (b {id: row.`:END_ID`})
MERGE (a)-[r:ORGANIZED_BY]->(b)
SET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'PART_OF'
MATCH (a {id: row.`:START_ID`}), (b {id: row.`:END_ID`})
MERGE (a)-[r:PART_OF]->(b)
SET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;
