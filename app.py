"""legdash dashboard entry point. Run with `streamlit run app.py`.

Which pages there are, and who may open each, is legdash/menu.py's; the routing by role is
legdash/navigation.py's.
"""

from legdash.navigation import navigate

# Streamlit runs this file as __main__; importing it draws nothing.
if __name__ == "__main__":
    navigate()
