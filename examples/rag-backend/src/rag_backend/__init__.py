"""The docs site's example chatbot API: a stand-in for the RAG chatbot, no model needed."""
