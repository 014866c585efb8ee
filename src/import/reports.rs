//! Participant reports of video-call services (filled in below).
