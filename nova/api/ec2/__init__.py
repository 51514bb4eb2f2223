"""The EC2 query API: parsing, signatures, id mapping, XML, actions."""
