CREATE TABLE documents (
	id VARCHAR(512) NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	title TEXT, 
	url TEXT, 
	source TEXT, 
	published DATE, 
	text TEXT NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_documents_content_hash ON documents (content_hash);
CREATE TABLE happenings (
	id INTEGER NOT NULL, 
	event_id VARCHAR(64) NOT NULL, 
	event_date DATE, 
	year INTEGER, 
	time_precision INTEGER, 
	disorder_type VARCHAR(64), 
	event_type VARCHAR(64) NOT NULL, 
	sub_event_type VARCHAR(64) NOT NULL, 
	actor1 TEXT, 
	assoc_actor_1 TEXT, 
	inter1 INTEGER, 
	actor2 TEXT, 
	assoc_actor_2 TEXT, 
	inter2 INTEGER, 
	interaction INTEGER, 
	civilian_targeting VARCHAR(32), 
	iso INTEGER, 
	country VARCHAR(128), 
	admin1 TEXT, 
	admin2 TEXT, 
	location TEXT, 
	latitude FLOAT, 
	longitude FLOAT, 
	geo_precision INTEGER, 
	source TEXT, 
	notes TEXT, 
	fatalities INTEGER NOT NULL, 
	tags TEXT, 
	claim_status VARCHAR(16) NOT NULL, 
	evidence TEXT, 
	document_ids TEXT NOT NULL, 
	n_sources INTEGER NOT NULL, 
	n_outlets INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (event_id)
);
CREATE INDEX ix_happenings_country ON happenings (country);
CREATE INDEX ix_happenings_type_date_lat_lon ON happenings (event_type, event_date, latitude, longitude);
CREATE INDEX ix_happenings_date_lat_lon ON happenings (event_date, latitude, longitude);
CREATE TABLE events (
	id INTEGER NOT NULL, 
	event_id VARCHAR(64) NOT NULL, 
	document_id VARCHAR(512) NOT NULL, 
	event_date DATE, 
	year INTEGER, 
	time_precision INTEGER, 
	disorder_type VARCHAR(64), 
	event_type VARCHAR(64) NOT NULL, 
	sub_event_type VARCHAR(64) NOT NULL, 
	actor1 TEXT, 
	assoc_actor_1 TEXT, 
	inter1 INTEGER, 
	actor2 TEXT, 
	assoc_actor_2 TEXT, 
	inter2 INTEGER, 
	interaction INTEGER, 
	civilian_targeting VARCHAR(32), 
	iso INTEGER, 
	country VARCHAR(128), 
	admin1 TEXT, 
	admin2 TEXT, 
	location TEXT, 
	latitude FLOAT, 
	longitude FLOAT, 
	geo_precision INTEGER, 
	source TEXT, 
	notes TEXT, 
	fatalities INTEGER NOT NULL, 
	tags TEXT, 
	claim_status VARCHAR(16) NOT NULL, 
	evidence TEXT, 
	evidence_offsets TEXT, 
	field_spans TEXT, 
	PRIMARY KEY (id), 
	UNIQUE (event_id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX ix_events_date ON events (event_date);
CREATE INDEX ix_events_date_lat_lon ON events (event_date, latitude, longitude);
CREATE INDEX ix_events_type_date ON events (event_type, event_date);
CREATE INDEX ix_events_country ON events (country);
CREATE INDEX ix_events_document ON events (document_id);
CREATE INDEX ix_events_lat_lon ON events (latitude, longitude);
CREATE TABLE mentions (
	id INTEGER NOT NULL, 
	document_id VARCHAR(512) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	label TEXT, 
	latitude FLOAT, 
	longitude FLOAT, 
	attributes TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX ix_mentions_document ON mentions (document_id);
CREATE TABLE happening_events (
	event_id VARCHAR(64) NOT NULL, 
	happening_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	reason TEXT NOT NULL, 
	PRIMARY KEY (event_id), 
	FOREIGN KEY(event_id) REFERENCES events (event_id) ON DELETE CASCADE, 
	FOREIGN KEY(happening_id) REFERENCES happenings (event_id) ON DELETE CASCADE
);
CREATE INDEX ix_happening_events_happening ON happening_events (happening_id, position);
