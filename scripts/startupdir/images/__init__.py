"""Images: logo checks on upload, the content-addressed cache of normalised logos, share
cards and their text layout. Uses no other room."""
