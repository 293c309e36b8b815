"""Writes of the collection app. Import the function from its module, e.g.
`from gdnn.collection.services.workflow import submission_submit`."""
