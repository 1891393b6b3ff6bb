"""File → Export…: render the app's views offscreen, frame by frame, and write PNG, GIF or MP4."""
